from jobscraper.platforms.breezy import BreezySpider


class DaletSpider(BreezySpider):
    name = "dalet"
    company = "Dalet"
    portal = "dalet"
    careers_url = "https://jobs.dalet.com/"
