from jobscraper.platforms.workday import WorkdaySpider


class AutodeskSpider(WorkdaySpider):
    name = "autodesk"
    company = "Autodesk"
    tenant = "autodesk"
    wd_instance = "wd1"
    site = "Ext"
    careers_url = "https://autodesk.wd1.myworkdayjobs.com/Ext"
