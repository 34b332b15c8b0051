from jobscraper.platforms.comeet import ComeetSpider


class LandaDigitalPrintingSpider(ComeetSpider):
    name = "landa"
    company = "Landa Digital Printing"
    company_uid = "A4.000"
    hosted_slug = "landacorp"
    careers_url = "https://www.comeet.com/jobs/landacorp/A4.000"
