from jobscraper.platforms.comeet import ComeetSpider


class MajesticLabsAISpider(ComeetSpider):
    name = "majesticlabs"
    company = "Majestic Labs AI"
    company_uid = "AA.004"
    hosted_slug = "majesticlabs"
    careers_url = "https://www.comeet.com/jobs/majesticlabs/AA.004"
