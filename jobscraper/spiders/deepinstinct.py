from jobscraper.platforms.comeet import ComeetSpider


class DeepInstinctSpider(ComeetSpider):
    name = "deepinstinct"
    company = "Deep Instinct"
    company_uid = "72.00A"
    hosted_slug = "deepinstinct"
    careers_url = "https://www.comeet.com/jobs/deepinstinct/72.00A"
