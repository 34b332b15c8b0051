from jobscraper.platforms.lever import LeverSpider


class OctopusSystemsSpider(LeverSpider):
    name = "octopus"
    company = "Octopus Systems"
    site = "octopus"
    careers_url = "https://jobs.lever.co/octopus"
