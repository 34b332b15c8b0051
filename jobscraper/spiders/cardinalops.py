from jobscraper.platforms.comeet import ComeetSpider


class CardinalOpsSpider(ComeetSpider):
    name = "cardinalops"
    company = "CardinalOps"
    company_uid = "66.005"
    hosted_slug = "cardinalops"
    careers_url = "https://www.comeet.com/jobs/cardinalops/66.005"
