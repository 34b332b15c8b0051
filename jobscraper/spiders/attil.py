from jobscraper.platforms.comeet import ComeetSpider


class AttilSpider(ComeetSpider):
    name = "attil"
    company = "Attil"
    company_uid = "38.00A"
    hosted_slug = "joinattil"
    careers_url = "https://www.comeet.com/jobs/joinattil/38.00A"
