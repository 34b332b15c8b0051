from jobscraper.platforms.workday import WorkdaySpider


class CiscoSpider(WorkdaySpider):
    name = "cisco"
    company = "Cisco"
    tenant = "cisco"
    wd_instance = "wd5"
    site = "Cisco_Careers"
    careers_url = "https://careers.cisco.com/global/en/search-results"
