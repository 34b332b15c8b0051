from jobscraper.platforms.comeet import ComeetSpider


class NeoGamesSpider(ComeetSpider):
    name = "neogames"
    company = "NeoGames"
    company_uid = "16.00C"
    hosted_slug = "neogames"
    careers_url = "https://www.comeet.com/jobs/neogames/16.00C"
