from jobscraper.platforms.comeet import ComeetSpider


class RapydFinancialNetworkSpider(ComeetSpider):
    name = "rapyd"
    company = "Rapyd Financial Network"
    company_uid = "73.00E"
    hosted_slug = "rapyd"
    careers_url = "https://www.comeet.com/jobs/rapyd/73.00E"
