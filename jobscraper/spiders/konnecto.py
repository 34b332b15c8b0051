from jobscraper.platforms.comeet import ComeetSpider


class KonnectoSpider(ComeetSpider):
    name = "konnecto"
    company = "Konnecto"
    company_uid = "36.00C"
    hosted_slug = "konnecto"
    careers_url = "https://www.comeet.com/jobs/konnecto/36.00C"
