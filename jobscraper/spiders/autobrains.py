from jobscraper.platforms.comeet import ComeetSpider


class AutobrainsSpider(ComeetSpider):
    name = "autobrains"
    company = "Autobrains"
    company_uid = "57.004"
    hosted_slug = "autobrains"
    careers_url = "https://www.comeet.com/jobs/autobrains/57.004"
