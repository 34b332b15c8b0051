from jobscraper.platforms.comeet import ComeetSpider


class XTENDSpider(ComeetSpider):
    name = "xtend"
    company = "XTEND"
    company_uid = "85.00A"
    hosted_slug = "xtend"
    careers_url = "https://www.comeet.com/jobs/xtend/85.00A"
