from jobscraper.platforms.comeet import ComeetSpider


class RegulusSpider(ComeetSpider):
    name = "regulus"
    company = "Regulus"
    company_uid = "9A.00D"
    hosted_slug = "regulus"
    careers_url = "https://www.comeet.com/jobs/regulus/9A.00D"
