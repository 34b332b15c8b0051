from jobscraper.platforms.comeet import ComeetSpider


class REEAutomotiveSpider(ComeetSpider):
    name = "ree"
    company = "REE Automotive"
    company_uid = "D3.00B"
    hosted_slug = "ree"
    careers_url = "https://www.comeet.com/jobs/ree/D3.00B"
