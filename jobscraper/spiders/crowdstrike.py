from jobscraper.platforms.workday import WorkdaySpider


class CrowdStrikeSpider(WorkdaySpider):
    name = "crowdstrike"
    company = "CrowdStrike"
    tenant = "crowdstrike"
    wd_instance = "wd5"
    site = "crowdstrikecareers"
    careers_url = "https://crowdstrike.wd5.myworkdayjobs.com/crowdstrikecareers"
