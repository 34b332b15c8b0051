from jobscraper.platforms.eightfold import EightfoldSpider


class AmdocsSpider(EightfoldSpider):
    name = "amdocs"
    company = "Amdocs"
    host = "amdocs.eightfold.ai"
    domain = "amdocs.com"
    careers_url = "https://www.amdocs.com/careers/home"
