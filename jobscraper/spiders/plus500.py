from jobscraper.platforms.comeet import ComeetSpider


class Plus500Spider(ComeetSpider):
    name = "plus500"
    company = "Plus500"
    company_uid = "A1.00F"
    hosted_slug = "plus500"
    careers_url = "https://www.comeet.com/jobs/plus500/A1.00F"
