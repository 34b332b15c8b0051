from jobscraper.platforms.comeet import ComeetSpider


class BeamrSpider(ComeetSpider):
    name = "beamr"
    company = "Beamr"
    company_uid = "A9.00B"
    hosted_slug = "beamr"
    careers_url = "https://www.comeet.com/jobs/beamr/A9.00B"
