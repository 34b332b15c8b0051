from jobscraper.platforms.comeet import ComeetSpider


class VoyantisSpider(ComeetSpider):
    name = "voyantis"
    company = "Voyantis"
    company_uid = "86.00B"
    hosted_slug = "voyantis"
    careers_url = "https://www.comeet.com/jobs/voyantis/86.00B"
