from jobscraper.platforms.comeet import ComeetSpider


class SilverfortSpider(ComeetSpider):
    name = "silverfort"
    company = "Silverfort"
    company_uid = "54.007"
    token = "45715B315B38AE22B8D051A0A457D051E61"
    careers_url = "https://www.comeet.com/jobs/silverfort/54.007"
