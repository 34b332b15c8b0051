from jobscraper.platforms.comeet import ComeetSpider


class SensiAiSpider(ComeetSpider):
    name = "sensiai"
    company = "Sensi.ai"
    company_uid = "E7.00F"
    hosted_slug = "sensi"
    careers_url = "https://www.comeet.com/jobs/sensi/E7.00F"
