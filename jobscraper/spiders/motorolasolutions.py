from jobscraper.platforms.workday import WorkdaySpider


class MotorolaSolutionsSpider(WorkdaySpider):
    name = "motorolasolutions"
    company = "Motorola Solutions"
    tenant = "motorolasolutions"
    wd_instance = "wd5"
    site = "Careers"
    careers_url = "https://motorolasolutions.wd5.myworkdayjobs.com/Careers"
