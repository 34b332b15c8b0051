from jobscraper.platforms.comeet import ComeetSpider


class SuperPlaySpider(ComeetSpider):
    name = "superplay"
    company = "SuperPlay"
    company_uid = "28.003"
    hosted_slug = "superplay"
    careers_url = "https://www.comeet.com/jobs/superplay/28.003"
