from jobscraper.platforms.comeet import ComeetSpider


class ACSMotionControlSpider(ComeetSpider):
    name = "acs"
    company = "ACS Motion Control"
    company_uid = "14.000"
    hosted_slug = "ACS"
    careers_url = "https://www.comeet.com/jobs/ACS/14.000"
