from jobscraper.platforms.comeet import ComeetSpider


class FetcherrSpider(ComeetSpider):
    name = "fetcherr"
    company = "Fetcherr"
    company_uid = "68.006"
    hosted_slug = "fetcherr"
    careers_url = "https://www.comeet.com/jobs/fetcherr/68.006"
