from jobscraper.platforms.comeet import ComeetSpider


class NextSiliconSpider(ComeetSpider):
    name = "nextsilicon"
    company = "NextSilicon"
    company_uid = "18.007"
    hosted_slug = "nextsilicon"
    careers_url = "https://www.comeet.com/jobs/nextsilicon/18.007"
