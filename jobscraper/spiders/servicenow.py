from jobscraper.platforms.smartrecruiters import SmartRecruitersSpider


class ServiceNowSpider(SmartRecruitersSpider):
    name = "servicenow"
    company = "ServiceNow"
    company_identifier = "servicenow"
    careers_url = "https://careers.servicenow.com/jobs"
