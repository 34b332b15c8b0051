from jobscraper.platforms.comeet import ComeetSpider


class AU10TIXSpider(ComeetSpider):
    name = "au10tix"
    company = "AU10TIX"
    company_uid = "3A.00C"
    token = "A3C47A428F003D6847A40147847A41478"
    careers_url = "https://www.comeet.com/jobs/au10tix/3A.00C"
