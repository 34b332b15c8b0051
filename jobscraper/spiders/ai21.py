from jobscraper.platforms.comeet import ComeetSpider


class AI21LabsSpider(ComeetSpider):
    name = "ai21"
    company = "AI21 Labs"
    company_uid = "E6.001"
    token = "6E12946DC230276E13DE93708294637083708"
    careers_url = "https://www.comeet.com/jobs/ai21/E6.001"
