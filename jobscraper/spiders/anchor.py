from jobscraper.platforms.comeet import ComeetSpider


class AnchorSpider(ComeetSpider):
    name = "anchor"
    company = "Anchor"
    company_uid = "87.00D"
    hosted_slug = "anchorfintech"
    careers_url = "https://www.comeet.com/jobs/anchorfintech/87.00D"
