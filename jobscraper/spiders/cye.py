from jobscraper.platforms.lever import LeverSpider


class CYESpider(LeverSpider):
    name = "cye"
    company = "CYE"
    site = "CYE"
    careers_url = "https://jobs.lever.co/CYE"
