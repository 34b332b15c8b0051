from jobscraper.platforms.phenom import PhenomSpider


class EbaySpider(PhenomSpider):
    name = "ebay"
    company = "eBay"
    site_url = "https://jobs.ebayinc.com/us/en"
    careers_url = "https://jobs.ebayinc.com/us/en/search-results"
