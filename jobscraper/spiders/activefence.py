from jobscraper.platforms.comeet import ComeetSpider


class ActiveFenceSpider(ComeetSpider):
    name = "activefence"
    company = "ActiveFence"
    company_uid = "D5.005"
    hosted_slug = "alice"
    careers_url = "https://www.comeet.com/jobs/alice/D5.005"
