from jobscraper.platforms.comeet import ComeetSpider


class ShopicSpider(ComeetSpider):
    name = "shopic"
    company = "Shopic"
    company_uid = "E6.002"
    hosted_slug = "shopic"
    careers_url = "https://www.comeet.com/jobs/shopic/E6.002"
