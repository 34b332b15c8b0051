from jobscraper.platforms.comeet import ComeetSpider


class OverwolfSpider(ComeetSpider):
    name = "overwolf"
    company = "Overwolf"
    company_uid = "B1.001"
    hosted_slug = "overwolf"
    careers_url = "https://www.comeet.com/jobs/overwolf/B1.001"
