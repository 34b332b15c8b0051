from jobscraper.platforms.comeet import ComeetSpider


class SenaiSpider(ComeetSpider):
    name = "senai"
    company = "Senai"
    company_uid = "CA.004"
    hosted_slug = "senai"
    careers_url = "https://www.comeet.com/jobs/senai/CA.004"
