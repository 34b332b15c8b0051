from jobscraper.platforms.apple import AppleJobsSpider


class AppleSpider(AppleJobsSpider):
    name = "apple"
    company = "Apple"
    careers_url = "https://jobs.apple.com/en-il/search?location=israel-ISR"
