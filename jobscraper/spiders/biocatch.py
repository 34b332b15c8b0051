from jobscraper.platforms.lever import LeverSpider


class BioCatchSpider(LeverSpider):
    name = "biocatch"
    company = "BioCatch"
    site = "biocatch"
    careers_url = "https://jobs.lever.co/biocatch"
