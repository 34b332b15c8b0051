from jobscraper.platforms.bamboohr import BambooHRSpider


class CyberbitSpider(BambooHRSpider):
    name = "cyberbit"
    company = "Cyberbit"
    tenant = "rangeforce"
    careers_url = "https://www.cyberbit.com/"
