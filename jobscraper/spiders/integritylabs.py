from jobscraper.platforms.comeet import ComeetSpider


class IntegrityLabsSpider(ComeetSpider):
    name = "integritylabs"
    company = "Integrity Labs"
    company_uid = "43.009"
    hosted_slug = "integritylabs"
    careers_url = "https://www.comeet.com/jobs/integritylabs/43.009"
