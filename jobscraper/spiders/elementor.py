from jobscraper.platforms.comeet import ComeetSpider


class ElementorSpider(ComeetSpider):
    name = "elementor"
    company = "Elementor"
    company_uid = "A3.00F"
    token = "3AF126BB0D161A3AF161A00B0D126B"
    careers_url = "https://elementor.careers/explore/"
