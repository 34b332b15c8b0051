from jobscraper.platforms.workday import WorkdaySpider


class MedtronicSpider(WorkdaySpider):
    name = "medtronic"
    company = "Medtronic"
    tenant = "medtronic"
    wd_instance = "wd1"
    site = "MedtronicCareers"
    careers_url = "https://medtronic.wd1.myworkdayjobs.com/MedtronicCareers"
