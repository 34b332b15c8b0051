from jobscraper.platforms.comeet import ComeetSpider


class ONEZERODigitalBankSpider(ComeetSpider):
    name = "onezero"
    company = "ONE ZERO Digital Bank"
    company_uid = "36.00A"
    hosted_slug = "onezerobank"
    careers_url = "https://www.comeet.com/jobs/onezerobank/36.00A"
