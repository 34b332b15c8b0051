from jobscraper.platforms.comeet import ComeetSpider


class XsightLabsSpider(ComeetSpider):
    name = "xsightlabs"
    company = "Xsight Labs"
    company_uid = "46.00C"
    hosted_slug = "xsightlabs"
    careers_url = "https://www.comeet.com/jobs/xsightlabs/46.00C"
