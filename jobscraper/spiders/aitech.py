from jobscraper.platforms.comeet import ComeetSpider


class AitechSpider(ComeetSpider):
    name = "aitech"
    company = "Aitech"
    company_uid = "88.004"
    hosted_slug = "aitechsystems"
    careers_url = "https://www.comeet.com/jobs/aitechsystems/88.004"
