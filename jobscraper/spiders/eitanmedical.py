from jobscraper.platforms.comeet import ComeetSpider


class EitanMedicalSpider(ComeetSpider):
    name = "eitanmedical"
    company = "Eitan Medical"
    company_uid = "C6.00F"
    hosted_slug = "eitanmedical"
    careers_url = "https://www.comeet.com/jobs/eitanmedical/C6.00F"
