from jobscraper.platforms.amazon import AmazonJobsSpider


class AmazonSpider(AmazonJobsSpider):
    name = "amazon"
    company = "Amazon"
    search_country = "ISR"
    careers_url = "https://www.amazon.jobs/en/search?country=ISR"
