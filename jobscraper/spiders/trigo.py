from jobscraper.platforms.comeet import ComeetSpider


class TrigoSpider(ComeetSpider):
    name = "trigo"
    company = "Trigo"
    company_uid = "A6.005"
    token = "6A527DED4A6A52E8321396A503528D4A"
    careers_url = "https://www.comeet.com/jobs/trigo/A6.005"
