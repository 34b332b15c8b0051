from jobscraper.platforms.comeet import ComeetSpider


class PenteraSpider(ComeetSpider):
    name = "pentera"
    company = "Pentera"
    company_uid = "C5.00D"
    hosted_slug = "pentera"
    careers_url = "https://www.comeet.com/jobs/pentera/C5.00D"
