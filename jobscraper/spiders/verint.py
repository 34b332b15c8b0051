from jobscraper.platforms.oracle import OracleRecruitingSpider


class VerintSpider(OracleRecruitingSpider):
    name = "verint"
    company = "Verint"
    host = "fa-epcb-saasfaprod1.fa.ocs.oraclecloud.com"
    site_number = "CX"
    careers_url = "https://fa-epcb-saasfaprod1.fa.ocs.oraclecloud.com/hcmUI/CandidateExperience/en/sites/CX/jobs"
