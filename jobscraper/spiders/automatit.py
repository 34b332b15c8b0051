from jobscraper.platforms.comeet import ComeetSpider


class AutomatItSpider(ComeetSpider):
    name = "automatit"
    company = "Automat-it"
    company_uid = "26.003"
    hosted_slug = "automatit"
    careers_url = "https://www.comeet.com/jobs/automatit/26.003"
