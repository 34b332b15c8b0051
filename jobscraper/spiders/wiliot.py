from jobscraper.platforms.comeet import ComeetSpider


class WiliotSpider(ComeetSpider):
    name = "wiliot"
    company = "Wiliot"
    company_uid = "F6.003"
    hosted_slug = "wiliot"
    careers_url = "https://www.comeet.com/jobs/wiliot/F6.003"
