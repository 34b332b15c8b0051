from jobscraper.platforms.comeet import ComeetSpider


class NayaxSpider(ComeetSpider):
    name = "nayax"
    company = "Nayax"
    company_uid = "13.009"
    hosted_slug = "nayax"
    careers_url = "https://www.comeet.com/jobs/nayax/13.009"
