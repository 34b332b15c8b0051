from jobscraper.platforms.comeet import ComeetSpider


class AbraRDSpider(ComeetSpider):
    name = "abrard"
    company = "Abra R&D"
    company_uid = "15.007"
    hosted_slug = "abra_rnd"
    careers_url = "https://www.comeet.com/jobs/abra_rnd/15.007"
