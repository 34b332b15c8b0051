from jobscraper.platforms.comeet import ComeetSpider


class ArpeelySpider(ComeetSpider):
    name = "arpeely"
    company = "Arpeely"
    company_uid = "57.001"
    hosted_slug = "arpeely"
    careers_url = "https://www.comeet.com/jobs/arpeely/57.001"
