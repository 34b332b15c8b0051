from jobscraper.platforms.workday import WorkdaySpider


class EdwardsLifesciencesSpider(WorkdaySpider):
    name = "edwards"
    company = "Edwards Lifesciences"
    tenant = "edwards"
    wd_instance = "wd5"
    site = "EdwardsCareers"
    careers_url = "https://edwards.wd5.myworkdayjobs.com/EdwardsCareers"
