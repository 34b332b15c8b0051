from jobscraper.platforms.comeet import ComeetSpider


class NimbleSpider(ComeetSpider):
    name = "nimble"
    company = "Nimble"
    company_uid = "09.00F"
    hosted_slug = "nimbleway"
    careers_url = "https://www.comeet.com/jobs/nimbleway/09.00F"
