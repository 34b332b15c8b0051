from jobscraper.platforms.comeet import ComeetSpider


class PapayaGlobalSpider(ComeetSpider):
    name = "papayaglobal"
    company = "Papaya Global"
    company_uid = "16.005"
    hosted_slug = "papayaglobal"
    careers_url = "https://www.comeet.com/jobs/papayaglobal/16.005"
