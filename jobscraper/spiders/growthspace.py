from jobscraper.platforms.comeet import ComeetSpider


class GrowthSpaceSpider(ComeetSpider):
    name = "growthspace"
    company = "GrowthSpace"
    company_uid = "D7.00A"
    hosted_slug = "growthspace"
    careers_url = "https://www.comeet.com/jobs/growthspace/D7.00A"
