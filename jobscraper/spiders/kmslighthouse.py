from jobscraper.platforms.comeet import ComeetSpider


class KMSLighthouseSpider(ComeetSpider):
    name = "kmslighthouse"
    company = "KMS Lighthouse"
    company_uid = "97.008"
    hosted_slug = "kmslh"
    careers_url = "https://www.comeet.com/jobs/kmslh/97.008"
