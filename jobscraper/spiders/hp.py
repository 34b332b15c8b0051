from jobscraper.platforms.workday import WorkdaySpider


class HPIncSpider(WorkdaySpider):
    name = "hp"
    company = "HP Inc."
    tenant = "hp"
    wd_instance = "wd5"
    site = "ExternalCareerSite"
    careers_url = "https://hp.wd5.myworkdayjobs.com/ExternalCareerSite"
