from jobscraper.platforms.comeet import ComeetSpider


class JifitiSpider(ComeetSpider):
    name = "jifiti"
    company = "Jifiti"
    company_uid = "47.005"
    hosted_slug = "jifiti"
    careers_url = "https://www.comeet.com/jobs/jifiti/47.005"
