from jobscraper.platforms.comeet import ComeetSpider


class AKAFOODSSpider(ComeetSpider):
    name = "akafoods"
    company = "AKA FOODS"
    company_uid = "79.00D"
    hosted_slug = "aka_food"
    careers_url = "https://www.comeet.com/jobs/aka_food/79.00D"
