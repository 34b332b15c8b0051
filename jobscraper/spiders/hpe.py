from jobscraper.platforms.workday import WorkdaySpider


class HewlettPackardEnterpriseSpider(WorkdaySpider):
    name = "hpe"
    company = "Hewlett Packard Enterprise"
    tenant = "hpe"
    wd_instance = "wd5"
    site = "Jobsathpe"
    careers_url = "https://hpe.wd5.myworkdayjobs.com/Jobsathpe"
