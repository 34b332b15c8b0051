from jobscraper.platforms.comeet import ComeetSpider


class GK8Spider(ComeetSpider):
    name = "gk8"
    company = "GK8"
    company_uid = "E8.000"
    hosted_slug = "gk8"
    careers_url = "https://www.comeet.com/jobs/gk8/E8.000"
