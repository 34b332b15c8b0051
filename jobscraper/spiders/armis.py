from jobscraper.platforms.smartrecruiters import SmartRecruitersSpider


class ArmisSpider(SmartRecruitersSpider):
    name = "armis"
    company = "Armis"
    company_identifier = "armis"
    careers_url = "https://www.armis.com/armis-careers/"
