from jobscraper.platforms.comeet import ComeetSpider


class NovideaSoftwareSpider(ComeetSpider):
    name = "novidea"
    company = "Novidea Software"
    company_uid = "E5.00A"
    hosted_slug = "novidea"
    careers_url = "https://www.comeet.com/jobs/novidea/E5.00A"
