from jobscraper.platforms.comeet import ComeetSpider


class ZygSpider(ComeetSpider):
    name = "zyg"
    company = "Zyg"
    company_uid = "DA.006"
    hosted_slug = "zyg"
    careers_url = "https://www.comeet.com/jobs/zyg/DA.006"
