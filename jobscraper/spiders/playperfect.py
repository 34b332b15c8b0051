from jobscraper.platforms.comeet import ComeetSpider


class PlayPerfectSpider(ComeetSpider):
    name = "playperfect"
    company = "PlayPerfect"
    company_uid = "69.001"
    hosted_slug = "play_perfect"
    careers_url = "https://www.comeet.com/jobs/play_perfect/69.001"
