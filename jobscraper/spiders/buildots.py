from jobscraper.platforms.comeet import ComeetSpider


class BuildotsSpider(ComeetSpider):
    name = "buildots"
    company = "Buildots"
    company_uid = "36.004"
    token = "6342538634037D42B6C129C18D0129CC68"
    careers_url = "https://www.comeet.com/jobs/buildots/36.004"
