from jobscraper.platforms.comeet import ComeetSpider


class SodaStreamSpider(ComeetSpider):
    name = "sodastream"
    company = "SodaStream"
    company_uid = "40.008"
    hosted_slug = "sodastream"
    careers_url = "https://www.comeet.com/jobs/sodastream/40.008"
