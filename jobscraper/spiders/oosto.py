from jobscraper.platforms.hibob import HiBobSpider


class OostoSpider(HiBobSpider):
    name = "oosto"
    company = "Oosto"
    tenant = "oosto"
    careers_url = "https://oosto.careers.hibob.com/"
