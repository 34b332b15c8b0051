from jobscraper.platforms.workday import WorkdaySpider


class CadenceDesignSystemsSpider(WorkdaySpider):
    name = "cadence"
    company = "Cadence Design Systems"
    tenant = "cadence"
    wd_instance = "wd1"
    site = "External_Careers"
    careers_url = "https://cadence.wd1.myworkdayjobs.com/External_Careers"
