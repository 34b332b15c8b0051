from jobscraper.platforms.greenhouse import GreenhouseSpider


class MavensByZyngaSpider(GreenhouseSpider):
    name = "mavens"
    company = "mavens by Zynga"
    board_token = "mavenscareers"
    careers_url = "https://job-boards.greenhouse.io/mavenscareers"
