from jobscraper.platforms.comeet import ComeetSpider


class VectoriousMedicalTechnologiesSpider(ComeetSpider):
    name = "vectorious"
    company = "Vectorious Medical Technologies"
    company_uid = "68.003"
    hosted_slug = "vectoriousmedtech"
    careers_url = "https://www.comeet.com/jobs/vectoriousmedtech/68.003"
