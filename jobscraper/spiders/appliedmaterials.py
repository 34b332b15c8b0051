from jobscraper.platforms.workday import WorkdaySpider


class AppliedMaterialsSpider(WorkdaySpider):
    name = "appliedmaterials"
    company = "Applied Materials"
    tenant = "amat"
    wd_instance = "wd1"
    site = "External"
    careers_url = "https://amat.wd1.myworkdayjobs.com/External"
