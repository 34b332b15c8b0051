from jobscraper.platforms.comeet import ComeetSpider


class ClarotySpider(ComeetSpider):
    name = "claroty"
    company = "Claroty"
    company_uid = "F2.004"
    hosted_slug = "Claroty"
    careers_url = "https://www.comeet.com/jobs/Claroty/F2.004"
