from jobscraper.platforms.comeet import ComeetSpider


class GloatSpider(ComeetSpider):
    name = "gloat"
    company = "Gloat"
    company_uid = "E5.000"
    hosted_slug = "gloat"
    careers_url = "https://www.comeet.com/jobs/gloat/E5.000"
