from jobscraper.platforms.greenhouse import GreenhouseSpider


class OrcaSecuritySpider(GreenhouseSpider):
    name = "orcasecurity"
    company = "Orca Security"
    board_token = "orcasecurity"
    careers_url = "https://orca.security/about/careers/"
