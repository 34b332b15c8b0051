from jobscraper.platforms.oracle import OracleRecruitingSpider


class OracleSpider(OracleRecruitingSpider):
    name = "oracle"
    company = "Oracle"
    host = "eeho.fa.us2.oraclecloud.com"
    site_number = "CX"
    location_name = "Israel"
    careers_url = "https://careers.oracle.com/en/sites/jobsearch/jobs"
