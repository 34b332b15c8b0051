from jobscraper.platforms.comeet import ComeetSpider


class VegaSpider(ComeetSpider):
    name = "vega"
    company = "Vega"
    company_uid = "C9.009"
    hosted_slug = "vega"
    careers_url = "https://www.comeet.com/jobs/vega/C9.009"
