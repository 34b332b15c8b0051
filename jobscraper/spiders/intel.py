from jobscraper.platforms.workday import WorkdaySpider


class IntelSpider(WorkdaySpider):
    name = "intel"
    company = "Intel"
    tenant = "intel"
    wd_instance = "wd1"
    site = "External"
    careers_url = "https://intel.wd1.myworkdayjobs.com/External"
