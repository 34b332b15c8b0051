from jobscraper.platforms.comeet import ComeetSpider


class TriEyeSpider(ComeetSpider):
    name = "trieye"
    company = "TriEye"
    company_uid = "A6.00E"
    token = "6AE2814D5CD5C1AB8140A35706AE2EC22814"
    careers_url = "https://www.comeet.com/jobs/trieye/A6.00E"
