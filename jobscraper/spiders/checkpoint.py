from jobscraper.platforms.smartrecruiters import SmartRecruitersSpider


class CheckpointSpider(SmartRecruitersSpider):
    name = "checkpoint"
    company = "Check Point"
    company_identifier = "CheckPointSoftwareTechnologies2"
    careers_url = "https://careers.checkpoint.com"
