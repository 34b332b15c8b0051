from jobscraper.platforms.comeet import ComeetSpider


class OptibusSpider(ComeetSpider):
    name = "optibus"
    company = "Optibus"
    company_uid = "D1.00C"
    hosted_slug = "optibus"
    careers_url = "https://www.comeet.com/jobs/optibus/D1.00C"
