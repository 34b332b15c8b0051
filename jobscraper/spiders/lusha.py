from jobscraper.platforms.comeet import ComeetSpider


class LushaSpider(ComeetSpider):
    name = "lusha"
    company = "Lusha"
    company_uid = "73.00B"
    hosted_slug = "lusha"
    careers_url = "https://www.lusha.com/careers/"
