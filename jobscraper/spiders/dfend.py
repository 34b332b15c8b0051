from jobscraper.platforms.lever import LeverSpider


class DFendSolutionsSpider(LeverSpider):
    name = "dfend"
    company = "D-Fend Solutions"
    site = "d-fendsolutions"
    careers_url = "https://jobs.lever.co/d-fendsolutions"
