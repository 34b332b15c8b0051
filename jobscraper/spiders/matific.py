from jobscraper.platforms.comeet import ComeetSpider


class MatificSpider(ComeetSpider):
    name = "matific"
    company = "Matific"
    company_uid = "62.000"
    hosted_slug = "matific"
    careers_url = "https://www.comeet.com/jobs/matific/62.000"
