from jobscraper.platforms.comeet import ComeetSpider


class InnovizSpider(ComeetSpider):
    name = "innoviz"
    company = "Innoviz"
    company_uid = "52.004"
    hosted_slug = "innoviz"
    careers_url = "https://innoviz.tech/join-us/israel"
