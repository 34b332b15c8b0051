from jobscraper.platforms.pinpoint import PinpointSpider


class GettSpider(PinpointSpider):
    name = "gett"
    company = "Gett"
    subdomain = "gett"
    careers_url = "https://gett.pinpointhq.com"
