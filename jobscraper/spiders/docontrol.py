from jobscraper.platforms.comeet import ComeetSpider


class DoControlSpider(ComeetSpider):
    name = "docontrol"
    company = "DoControl"
    company_uid = "07.003"
    hosted_slug = "docontrol"
    careers_url = "https://www.comeet.com/jobs/docontrol/07.003"
