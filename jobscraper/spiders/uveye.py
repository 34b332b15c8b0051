from jobscraper.platforms.comeet import ComeetSpider


class UVeyeSpider(ComeetSpider):
    name = "uveye"
    company = "UVeye"
    company_uid = "92.00F"
    hosted_slug = "uveye"
    careers_url = "https://www.comeet.com/jobs/uveye/92.00F"
