from jobscraper.platforms.comeet import ComeetSpider


class AkeylessSpider(ComeetSpider):
    name = "akeyless"
    company = "Akeyless"
    company_uid = "27.006"
    hosted_slug = "akeyless"
    careers_url = "https://www.comeet.com/jobs/akeyless/27.006"
