from jobscraper.platforms.comeet import ComeetSpider


class RiversideFmSpider(ComeetSpider):
    name = "riversidefm"
    company = "Riverside.fm"
    company_uid = "66.009"
    hosted_slug = "riverside-fm"
    careers_url = "https://www.comeet.com/jobs/riverside-fm/66.009"
