from jobscraper.platforms.jsonld import JsonLdJobsSpider


class EightyThreeNorthSpider(JsonLdJobsSpider):
    name = "eightythreenorth"
    company = "83North"
    listing_url = "https://www.83north.com/open-positions/"
    careers_url = "https://www.83north.com/open-positions/"
