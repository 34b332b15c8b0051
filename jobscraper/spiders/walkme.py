from jobscraper.platforms.lever import LeverSpider


class WalkMeSpider(LeverSpider):
    name = "walkme"
    company = "WalkMe"
    site = "walkme"
    careers_url = "https://jobs.lever.co/walkme"
