from jobscraper.platforms.comeet import ComeetSpider


class DriivzSpider(ComeetSpider):
    name = "driivz"
    company = "Driivz"
    company_uid = "C4.00B"
    hosted_slug = "driivz"
    careers_url = "https://www.comeet.com/jobs/driivz/C4.00B"
