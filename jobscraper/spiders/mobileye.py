from jobscraper.platforms.lever import LeverSpider


class MobileyeSpider(LeverSpider):
    name = "mobileye"
    company = "Mobileye"
    site = "mobileye"
    eu_instance = True
    careers_url = "https://careers.mobileye.com/"
