from jobscraper.platforms.comeet import ComeetSpider


class Company365ScoresSpider(ComeetSpider):
    name = "365scores"
    company = "365Scores"
    company_uid = "B3.006"
    hosted_slug = "365scores"
    careers_url = "https://www.comeet.com/jobs/365scores/B3.006"
