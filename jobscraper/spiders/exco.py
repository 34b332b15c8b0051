from jobscraper.platforms.comeet import ComeetSpider


class EXCOSpider(ComeetSpider):
    name = "exco"
    company = "EX.CO"
    company_uid = "F0.005"
    hosted_slug = "exco"
    careers_url = "https://www.comeet.com/jobs/exco/F0.005"
