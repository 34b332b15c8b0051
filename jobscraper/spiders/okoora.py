from jobscraper.platforms.comeet import ComeetSpider


class OkooraSpider(ComeetSpider):
    name = "okoora"
    company = "Okoora"
    company_uid = "85.00C"
    hosted_slug = "okoora"
    careers_url = "https://www.comeet.com/jobs/okoora/85.00C"
