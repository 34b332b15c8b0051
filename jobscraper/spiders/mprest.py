from jobscraper.platforms.comeet import ComeetSpider


class MPrestSpider(ComeetSpider):
    name = "mprest"
    company = "mPrest"
    company_uid = "38.005"
    hosted_slug = "mprest"
    careers_url = "https://www.comeet.com/jobs/mprest/38.005"
