from jobscraper.platforms.comeet import ComeetSpider


class CoralogixSpider(ComeetSpider):
    name = "coralogix"
    company = "Coralogix"
    company_uid = "06.004"
    hosted_slug = "coralogix"
    careers_url = "https://www.comeet.com/jobs/coralogix/06.004"
