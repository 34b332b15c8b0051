from jobscraper.platforms.comeet import ComeetSpider


class CardoSystemsSpider(ComeetSpider):
    name = "cardo"
    company = "Cardo Systems"
    company_uid = "F2.003"
    hosted_slug = "cardosystems"
    careers_url = "https://www.comeet.com/jobs/cardosystems/F2.003"
