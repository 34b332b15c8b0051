from jobscraper.platforms.comeet import ComeetSpider


class INFINIDATSpider(ComeetSpider):
    name = "infinidat"
    company = "INFINIDAT"
    company_uid = "D6.003"
    token = "6D328F2DA6221F221F221F221F002FC5"
    careers_url = "https://www.comeet.com/jobs/infinidat/D6.003"
