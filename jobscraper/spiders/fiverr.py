from jobscraper.platforms.comeet import ComeetSpider


class FiverrSpider(ComeetSpider):
    name = "fiverr"
    company = "Fiverr"
    company_uid = "60.002"
    hosted_slug = "fiverr"
    careers_url = "https://www.fiverr.com/jobs"
