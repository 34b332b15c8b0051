from jobscraper.platforms.comeet import ComeetSpider


class BrowzwearSpider(ComeetSpider):
    name = "browzwear"
    company = "Browzwear"
    company_uid = "03.000"
    hosted_slug = "browzwear"
    careers_url = "https://www.comeet.com/jobs/browzwear/03.000"
