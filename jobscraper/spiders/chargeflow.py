from jobscraper.platforms.comeet import ComeetSpider


class ChargeflowSpider(ComeetSpider):
    name = "chargeflow"
    company = "Chargeflow"
    company_uid = "29.001"
    hosted_slug = "chargeflow"
    careers_url = "https://www.comeet.com/jobs/chargeflow/29.001"
