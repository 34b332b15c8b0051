from jobscraper.platforms.breezy import BreezySpider


class AyyekaSpider(BreezySpider):
    name = "ayyeka"
    company = "Ayyeka"
    portal = "ayyeka"
    careers_url = "https://ayyeka.breezy.hr/"
