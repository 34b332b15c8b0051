from jobscraper.platforms.comeet import ComeetSpider


class CYMOTIVETechnologiesSpider(ComeetSpider):
    name = "cymotive"
    company = "CYMOTIVE Technologies"
    company_uid = "F1.008"
    hosted_slug = "cymotive"
    careers_url = "https://www.comeet.com/jobs/cymotive/F1.008"
