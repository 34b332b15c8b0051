from jobscraper.platforms.comeet import ComeetSpider


class AugMedicsSpider(ComeetSpider):
    name = "augmedics"
    company = "AugMedics"
    company_uid = "26.00C"
    hosted_slug = "augmedics"
    careers_url = "https://www.comeet.com/jobs/augmedics/26.00C"
