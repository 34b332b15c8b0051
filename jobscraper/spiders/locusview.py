from jobscraper.platforms.comeet import ComeetSpider


class LocusviewSpider(ComeetSpider):
    name = "locusview"
    company = "Locusview"
    company_uid = "25.002"
    hosted_slug = "locusview"
    careers_url = "https://www.comeet.com/jobs/locusview/25.002"
