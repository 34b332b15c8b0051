from jobscraper.platforms.comeet import ComeetSpider


class EnerconSpider(ComeetSpider):
    name = "enercon"
    company = "Enercon"
    company_uid = "A4.00D"
    hosted_slug = "enercon"
    careers_url = "https://www.comeet.com/jobs/enercon/A4.00D"
