from jobscraper.platforms.comeet import ComeetSpider


class ZeroNetworksSpider(ComeetSpider):
    name = "zeronetworks"
    company = "Zero Networks"
    company_uid = "39.00F"
    hosted_slug = "zeronetworks"
    careers_url = "https://www.comeet.com/jobs/zeronetworks/39.00F"
