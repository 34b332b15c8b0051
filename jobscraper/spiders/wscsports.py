from jobscraper.platforms.comeet import ComeetSpider


class WSCSportsSpider(ComeetSpider):
    name = "wscsports"
    company = "WSC Sports"
    company_uid = "93.007"
    token = "39711F3AC5AC539701CB81CB8204FE5C"
    careers_url = "https://www.comeet.com/jobs/wsc-sports/93.007"
