from jobscraper.platforms.comeet import ComeetSpider


class PapayaGamingSpider(ComeetSpider):
    name = "papayagaming"
    company = "Papaya Gaming"
    company_uid = "46.00B"
    token = "64B25C264B12E112E102C0D2C0D64B25C2"
    careers_url = "https://www.comeet.com/jobs/papayagaming/46.00B"
