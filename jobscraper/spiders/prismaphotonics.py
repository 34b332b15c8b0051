from jobscraper.platforms.comeet import ComeetSpider


class PrismaPhotonicsSpider(ComeetSpider):
    name = "prismaphotonics"
    company = "Prisma Photonics"
    company_uid = "18.00C"
    hosted_slug = "prismaphotonics"
    careers_url = "https://www.comeet.com/jobs/prismaphotonics/18.00C"
