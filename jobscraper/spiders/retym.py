from jobscraper.platforms.comeet import ComeetSpider


class RetymSpider(ComeetSpider):
    name = "retym"
    company = "Retym"
    company_uid = "C6.003"
    hosted_slug = "retym"
    careers_url = "https://www.comeet.com/jobs/retym/C6.003"
