from jobscraper.platforms.oracle import OracleRecruitingSpider


class TexasInstrumentsSpider(OracleRecruitingSpider):
    name = "ti"
    company = "Texas Instruments"
    host = "edbz.fa.us2.oraclecloud.com"
    site_number = "CX"
    careers_url = "https://careers.ti.com/en/sites/CX/jobs"
