from jobscraper.platforms.successfactors import SuccessFactorsSpider


class NovocureSpider(SuccessFactorsSpider):
    name = "novocure"
    company = "Novocure"
    careers_host = "careers.novocure.com"
    careers_url = "https://careers.novocure.com/viewalljobs/"
