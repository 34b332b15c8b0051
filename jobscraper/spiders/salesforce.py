from jobscraper.platforms.workday import WorkdaySpider


class SalesforceSpider(WorkdaySpider):
    name = "salesforce"
    company = "Salesforce"
    tenant = "salesforce"
    wd_instance = "wd12"
    site = "External_Career_Site"
    careers_url = "https://salesforce.wd12.myworkdayjobs.com/External_Career_Site"
