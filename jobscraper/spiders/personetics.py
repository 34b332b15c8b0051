from jobscraper.platforms.comeet import ComeetSpider


class PersoneticsTechnologiesSpider(ComeetSpider):
    name = "personetics"
    company = "Personetics Technologies"
    company_uid = "83.00A"
    hosted_slug = "personetics"
    careers_url = "https://www.comeet.com/jobs/personetics/83.00A"
