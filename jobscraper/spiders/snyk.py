from jobscraper.platforms.workday import WorkdaySpider


class SnykSpider(WorkdaySpider):
    name = "snyk"
    company = "Snyk"
    tenant = "snyk"
    wd_instance = "wd103"
    site = "External"
    careers_url = "https://snyk.wd103.myworkdayjobs.com/External"
