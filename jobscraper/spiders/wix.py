from jobscraper.platforms.smartrecruiters import SmartRecruitersSpider


class WixSpider(SmartRecruitersSpider):
    name = "wix"
    company = "Wix"
    company_identifier = "Wix2"
    careers_url = "https://careers.wix.com"
