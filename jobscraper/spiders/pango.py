from jobscraper.platforms.comeet import ComeetSpider


class PangoSpider(ComeetSpider):
    name = "pango"
    company = "Pango"
    company_uid = "59.002"
    hosted_slug = "pango"
    careers_url = "https://www.comeet.com/jobs/pango/59.002"
