from jobscraper.platforms.comeet import ComeetSpider


class CyberProofSpider(ComeetSpider):
    name = "cyberproof"
    company = "CyberProof"
    company_uid = "75.00F"
    hosted_slug = "cyberproof"
    careers_url = "https://www.comeet.com/jobs/cyberproof/75.00F"
