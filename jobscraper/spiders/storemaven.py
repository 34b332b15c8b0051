from jobscraper.platforms.comeet import ComeetSpider


class StoremavenSpider(ComeetSpider):
    name = "storemaven"
    company = "Storemaven"
    company_uid = "45.00F"
    hosted_slug = "storemaven"
    careers_url = "https://www.comeet.com/jobs/storemaven/45.00F"
