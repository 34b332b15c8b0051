from jobscraper.platforms.comeet import ComeetSpider


class IONIXSpider(ComeetSpider):
    name = "ionix"
    company = "IONIX"
    company_uid = "08.003"
    hosted_slug = "ionix"
    careers_url = "https://www.comeet.com/jobs/ionix/08.003"
