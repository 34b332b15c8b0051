from jobscraper.platforms.comeet import ComeetSpider


class SealightsTechnologiesSpider(ComeetSpider):
    name = "sealights"
    company = "Sealights Technologies"
    company_uid = "C5.008"
    hosted_slug = "sealights"
    careers_url = "https://www.comeet.com/jobs/sealights/C5.008"
