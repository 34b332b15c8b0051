from jobscraper.platforms.comeet import ComeetSpider


class PerceptoSpider(ComeetSpider):
    name = "percepto"
    company = "Percepto"
    company_uid = "44.000"
    hosted_slug = "percepto"
    careers_url = "https://www.comeet.com/jobs/percepto/44.000"
