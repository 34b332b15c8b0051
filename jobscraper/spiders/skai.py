from jobscraper.platforms.comeet import ComeetSpider


class SkaiSpider(ComeetSpider):
    name = "skai"
    company = "Skai"
    company_uid = "22.00A"
    hosted_slug = "skai"
    careers_url = "https://www.comeet.com/jobs/skai/22.00A"
