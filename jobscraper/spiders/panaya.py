from jobscraper.platforms.comeet import ComeetSpider


class PanayaSpider(ComeetSpider):
    name = "panaya"
    company = "Panaya"
    company_uid = "61.00C"
    hosted_slug = "panaya"
    careers_url = "https://www.comeet.com/jobs/panaya/61.00C"
