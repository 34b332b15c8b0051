from jobscraper.platforms.comeet import ComeetSpider


class OligoSecuritySpider(ComeetSpider):
    name = "oligo"
    company = "Oligo Security"
    company_uid = "5A.00B"
    hosted_slug = "oligosecurity"
    careers_url = "https://www.comeet.com/jobs/oligosecurity/5A.00B"
