from jobscraper.platforms.comeet import ComeetSpider


class BIRDAerosystemsSpider(ComeetSpider):
    name = "birdaero"
    company = "BIRD Aerosystems"
    company_uid = "97.006"
    hosted_slug = "birdaero"
    careers_url = "https://www.comeet.com/jobs/birdaero/97.006"
