from jobscraper.platforms.breezy import BreezySpider


class DescopeSpider(BreezySpider):
    name = "descope"
    company = "Descope"
    portal = "descope"
    careers_url = "https://careers.descope.com/"
