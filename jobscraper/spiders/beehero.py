from jobscraper.platforms.comeet import ComeetSpider


class BeeHeroSpider(ComeetSpider):
    name = "beehero"
    company = "BeeHero"
    company_uid = "78.00E"
    hosted_slug = "beehero"
    careers_url = "https://www.comeet.com/jobs/beehero/78.00E"
