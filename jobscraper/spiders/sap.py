from jobscraper.platforms.successfactors import SuccessFactorsSpider


class SapSpider(SuccessFactorsSpider):
    name = "sap"
    company = "SAP"
    careers_host = "jobs.sap.com"
    careers_url = "https://jobs.sap.com/"
