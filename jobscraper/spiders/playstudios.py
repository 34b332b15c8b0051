from jobscraper.platforms.comeet import ComeetSpider


class PlaystudiosSpider(ComeetSpider):
    name = "playstudios"
    company = "Playstudios"
    company_uid = "E2.00B"
    hosted_slug = "playstudios"
    careers_url = "https://www.comeet.com/jobs/playstudios/E2.00B"
