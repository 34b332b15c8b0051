from jobscraper.platforms.greenhouse import GreenhouseSpider


class NICESpider(GreenhouseSpider):
    name = "nice"
    company = "NICE"
    board_token = "nice"
    careers_url = "https://www.nice.com/careers"
