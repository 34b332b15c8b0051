from jobscraper.platforms.getro import GetroSpider


class TlvPartnersSpider(GetroSpider):
    name = "tlvpartners"
    company = "TLV Partners"
    collection_id = "190"
    board_url = "https://jobs.tlv.partners"
    careers_url = "https://jobs.tlv.partners/jobs"
