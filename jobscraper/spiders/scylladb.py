from jobscraper.platforms.comeet import ComeetSpider


class ScyllaDBSpider(ComeetSpider):
    name = "scylladb"
    company = "ScyllaDB"
    company_uid = "E4.006"
    hosted_slug = "scylladb"
    careers_url = "https://www.comeet.com/jobs/scylladb/E4.006"
