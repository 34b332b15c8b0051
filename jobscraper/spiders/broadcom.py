from jobscraper.platforms.workday import WorkdaySpider


class BroadcomSpider(WorkdaySpider):
    name = "broadcom"
    company = "Broadcom"
    tenant = "broadcom"
    wd_instance = "wd1"
    site = "External_Career"
    careers_url = "https://broadcom.wd1.myworkdayjobs.com/External_Career"
