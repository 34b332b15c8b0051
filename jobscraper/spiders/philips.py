from jobscraper.platforms.workday import WorkdaySpider


class PhilipsSpider(WorkdaySpider):
    name = "philips"
    company = "Philips"
    tenant = "philips"
    wd_instance = "wd3"
    site = "jobs-and-careers"
    careers_url = "https://philips.wd3.myworkdayjobs.com/jobs-and-careers"
