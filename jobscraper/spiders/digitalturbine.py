from jobscraper.platforms.lever import LeverSpider


class DigitalTurbineSpider(LeverSpider):
    name = "digitalturbine"
    company = "Digital Turbine"
    site = "digitalturbine"
    careers_url = "https://www.digitalturbine.com/careers/"
