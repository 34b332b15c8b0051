from jobscraper.platforms.comeet import ComeetSpider


class HiBobSpider(ComeetSpider):
    name = "hibob"
    company = "HiBob"
    company_uid = "12.00A"
    hosted_slug = "hibob"
    careers_url = "https://www.comeet.com/jobs/hibob/12.00A"
