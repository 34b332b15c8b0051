from jobscraper.platforms.workday import WorkdaySpider


class DellTechnologiesSpider(WorkdaySpider):
    name = "dell"
    company = "Dell Technologies"
    tenant = "dell"
    wd_instance = "wd1"
    site = "External"
    careers_url = "https://dell.wd1.myworkdayjobs.com/External"
