from jobscraper.platforms.comeet import ComeetSpider


class AgoraSpider(ComeetSpider):
    name = "agora"
    company = "Agora"
    company_uid = "08.007"
    hosted_slug = "agora"
    careers_url = "https://www.comeet.com/jobs/agora/08.007"
