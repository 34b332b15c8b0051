from jobscraper.platforms.comeet import ComeetSpider


class NominalSpider(ComeetSpider):
    name = "nominal"
    company = "Nominal"
    company_uid = "E8.003"
    hosted_slug = "nominal"
    careers_url = "https://www.comeet.com/jobs/nominal/E8.003"
