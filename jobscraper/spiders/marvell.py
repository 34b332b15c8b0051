from jobscraper.platforms.workday import WorkdaySpider


class MarvellSpider(WorkdaySpider):
    name = "marvell"
    company = "Marvell"
    tenant = "marvell"
    wd_instance = "wd1"
    site = "MarvellCareers"
    careers_url = "https://marvell.wd1.myworkdayjobs.com/MarvellCareers"
