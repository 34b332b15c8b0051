from jobscraper.platforms.comeet import ComeetSpider


class NavinaSpider(ComeetSpider):
    name = "navina"
    company = "Navina"
    company_uid = "E6.00C"
    hosted_slug = "navina"
    careers_url = "https://www.comeet.com/jobs/navina/E6.00C"
