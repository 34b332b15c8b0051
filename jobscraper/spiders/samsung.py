from jobscraper.platforms.comeet import ComeetSpider


class SamsungSpider(ComeetSpider):
    name = "samsung"
    company = "Samsung"
    company_uid = "D4.005"
    hosted_slug = "samsung"
    careers_url = "https://www.comeet.com/jobs/samsung/D4.005"
