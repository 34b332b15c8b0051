from jobscraper.platforms.comeet import ComeetSpider


class HypernativeSpider(ComeetSpider):
    name = "hypernative"
    company = "Hypernative"
    company_uid = "8A.00E"
    hosted_slug = "hypernative"
    careers_url = "https://www.comeet.com/jobs/hypernative/8A.00E"
