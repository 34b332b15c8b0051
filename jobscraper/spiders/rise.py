from jobscraper.platforms.comeet import ComeetSpider


class RiseSpider(ComeetSpider):
    name = "rise"
    company = "Rise"
    company_uid = "A9.000"
    hosted_slug = "risecodes"
    careers_url = "https://www.comeet.com/jobs/risecodes/A9.000"
