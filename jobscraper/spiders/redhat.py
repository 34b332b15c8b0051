from jobscraper.platforms.workday import WorkdaySpider


class RedHatSpider(WorkdaySpider):
    name = "redhat"
    company = "Red Hat"
    tenant = "redhat"
    wd_instance = "wd5"
    site = "jobs"
    careers_url = "https://redhat.wd5.myworkdayjobs.com/jobs"
