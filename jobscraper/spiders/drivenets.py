from jobscraper.platforms.comeet import ComeetSpider


class DriveNetsSpider(ComeetSpider):
    name = "drivenets"
    company = "DriveNets"
    company_uid = "72.006"
    hosted_slug = "drivenets"
    careers_url = "https://www.comeet.com/jobs/drivenets/72.006"
