from jobscraper.platforms.comeet import ComeetSpider


class Team8Spider(ComeetSpider):
    name = "team8"
    company = "Team8"
    company_uid = "61.003"
    hosted_slug = "team8"
    careers_url = "https://www.comeet.com/jobs/team8/61.003"
