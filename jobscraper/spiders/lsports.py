from jobscraper.platforms.comeet import ComeetSpider


class LSportsSpider(ComeetSpider):
    name = "lsports"
    company = "LSports"
    company_uid = "26.002"
    hosted_slug = "lsports"
    careers_url = "https://www.comeet.com/jobs/lsports/26.002"
