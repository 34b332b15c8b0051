from jobscraper.platforms.comeet import ComeetSpider


class GuestySpider(ComeetSpider):
    name = "guesty"
    company = "Guesty"
    company_uid = "10.000"
    hosted_slug = "guesty"
    careers_url = "https://www.comeet.com/jobs/guesty/10.000"
