from jobscraper.platforms.rss import TALENTBREW_ID, TALENTBREW_TITLE, RssFeedSpider


class PaloAltoNetworksSpider(RssFeedSpider):
    name = "paloaltonetworks"
    company = "Palo Alto Networks"
    feed_url = "https://jobs.paloaltonetworks.com/en/rss"
    careers_url = "https://jobs.paloaltonetworks.com/en/"
    id_pattern = TALENTBREW_ID
    title_pattern = TALENTBREW_TITLE
