from jobscraper.platforms.bamboohr import BambooHRSpider


class KodemSpider(BambooHRSpider):
    name = "kodem"
    company = "Kodem Security"
    tenant = "kodem"
    careers_url = "https://kodem.bamboohr.com/careers"
