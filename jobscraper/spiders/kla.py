from jobscraper.platforms.workday import WorkdaySpider


class KLASpider(WorkdaySpider):
    name = "kla"
    company = "KLA"
    tenant = "kla"
    wd_instance = "wd1"
    site = "Search"
    careers_url = "https://kla.wd1.myworkdayjobs.com/Search"
