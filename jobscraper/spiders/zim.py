from jobscraper.platforms.comeet import ComeetSpider


class ZIMIntegratedShippingSpider(ComeetSpider):
    name = "zim"
    company = "ZIM Integrated Shipping"
    company_uid = "72.008"
    token = "2789E01638768C58768ED013C011480"
