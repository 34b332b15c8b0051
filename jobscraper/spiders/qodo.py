from jobscraper.platforms.comeet import ComeetSpider


class QodoSpider(ComeetSpider):
    name = "qodo"
    company = "Qodo"
    company_uid = "B8.00B"
    token = "8BB34623D1D45D8346203D1D08BB8BB"
    careers_url = "https://www.qodo.ai/careers/"
