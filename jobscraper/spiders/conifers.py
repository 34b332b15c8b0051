from jobscraper.platforms.comeet import ComeetSpider


class ConifersSpider(ComeetSpider):
    name = "conifers"
    company = "Conifers"
    company_uid = "8A.005"
    token = "A8549A334991F8FA855EADA85542854285428"
    careers_url = "https://www.comeet.com/jobs/conifers_ai/8A.005"
