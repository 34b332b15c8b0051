from jobscraper.platforms.comeet import ComeetSpider


class DealHubSpider(ComeetSpider):
    name = "dealhub"
    company = "DealHub"
    company_uid = "86.005"
    hosted_slug = "dealhub"
    careers_url = "https://www.comeet.com/jobs/dealhub/86.005"
