from jobscraper.platforms.comeet import ComeetSpider


class UpstreamSecuritySpider(ComeetSpider):
    name = "upstream"
    company = "Upstream Security"
    company_uid = "E4.003"
    hosted_slug = "upstream"
    careers_url = "https://www.comeet.com/jobs/upstream/E4.003"
