from jobscraper.platforms.comeet import ComeetSpider


class SyqeMedicalSpider(ComeetSpider):
    name = "syqe"
    company = "Syqe Medical"
    company_uid = "F1.00C"
    hosted_slug = "syqe"
    careers_url = "https://www.comeet.com/jobs/syqe/F1.00C"
