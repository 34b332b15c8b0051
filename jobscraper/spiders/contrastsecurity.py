from jobscraper.platforms.lever import LeverSpider


class ContrastSecuritySpider(LeverSpider):
    name = "contrastsecurity"
    company = "Contrast Security"
    site = "contrastsecurity"
    careers_url = "https://jobs.lever.co/contrastsecurity"
