from jobscraper.platforms.comeet import ComeetSpider


class InManageSpider(ComeetSpider):
    name = "inmanage"
    company = "InManage"
    company_uid = "B7.006"
    hosted_slug = "inmanage"
    careers_url = "https://www.comeet.com/jobs/inmanage/B7.006"
