from jobscraper.platforms.comeet import ComeetSpider


class WeSkiSpider(ComeetSpider):
    name = "weski"
    company = "WeSki"
    company_uid = "F8.00C"
    hosted_slug = "weski"
    careers_url = "https://www.comeet.com/jobs/weski/F8.00C"
