from jobscraper.platforms.workday import WorkdaySpider


class CimatronSpider(WorkdaySpider):
    name = "cimatron"
    company = "Cimatron"
    tenant = "sandvik"
    wd_instance = "wd3"
    site = "cimatron-jobs"
    careers_url = "https://sandvik.wd3.myworkdayjobs.com/cimatron-jobs"
