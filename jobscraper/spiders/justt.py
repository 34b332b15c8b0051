from jobscraper.platforms.comeet import ComeetSpider


class JusttSpider(ComeetSpider):
    name = "justt"
    company = "Justt"
    company_uid = "36.001"
    hosted_slug = "justt"
    careers_url = "https://www.comeet.com/jobs/justt/36.001"
