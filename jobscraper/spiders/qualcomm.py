from jobscraper.platforms.eightfold import EightfoldSpider


class QualcommSpider(EightfoldSpider):
    name = "qualcomm"
    company = "Qualcomm"
    host = "careers.qualcomm.com"
    domain = "qualcomm.com"
    careers_url = "https://careers.qualcomm.com/careers/search?query=*&domain=qualcomm.com"
