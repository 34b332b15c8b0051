from jobscraper.platforms.comeet import ComeetSpider


class UpwindSecuritySpider(ComeetSpider):
    name = "upwind"
    company = "Upwind Security"
    company_uid = "49.004"
    hosted_slug = "upwind"
    careers_url = "https://www.comeet.com/jobs/upwind/49.004"
