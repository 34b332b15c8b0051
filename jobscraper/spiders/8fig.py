from jobscraper.platforms.comeet import ComeetSpider


class Company8figSpider(ComeetSpider):
    name = "8fig"
    company = "8fig"
    company_uid = "08.004"
    hosted_slug = "8fig"
    careers_url = "https://www.comeet.com/jobs/8fig/08.004"
