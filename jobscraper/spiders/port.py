from jobscraper.platforms.comeet import ComeetSpider


class PortSpider(ComeetSpider):
    name = "port"
    company = "Port"
    company_uid = "59.004"
    hosted_slug = "port"
    careers_url = "https://www.comeet.com/jobs/port/59.004"
