from jobscraper.platforms.comeet import ComeetSpider


class ClinchSpider(ComeetSpider):
    name = "clinch"
    company = "Clinch"
    company_uid = "42.007"
    hosted_slug = "clinch"
    careers_url = "https://www.comeet.com/jobs/clinch/42.007"
