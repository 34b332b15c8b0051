from jobscraper.platforms.workday import WorkdaySpider


class CitiSpider(WorkdaySpider):
    name = "citi"
    company = "Citi"
    tenant = "citi"
    wd_instance = "wd5"
    site = "2"
    careers_url = "https://citi.eightfold.ai/careers"
