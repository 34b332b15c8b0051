from jobscraper.platforms.comeet import ComeetSpider


class CommITSpider(ComeetSpider):
    name = "commit"
    company = "Comm-IT"
    company_uid = "76.008"
    hosted_slug = "comm-it"
    careers_url = "https://www.comeet.com/jobs/comm-it/76.008"
