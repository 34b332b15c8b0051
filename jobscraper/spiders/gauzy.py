from jobscraper.platforms.comeet import ComeetSpider


class GauzySpider(ComeetSpider):
    name = "gauzy"
    company = "Gauzy"
    company_uid = "C5.003"
    hosted_slug = "gauzy"
    careers_url = "https://www.comeet.com/jobs/gauzy/C5.003"
