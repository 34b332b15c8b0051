"""Alerts: saved searches matched against new postings and delivered, each exactly once.

``send_due_alerts(engine)`` runs the matching and delivery (``scrapy alerts send``, and
``crawlall --alerts`` at the end of a crawl); ``flagged_alerts(connection)`` names the alerts
whose deliveries keep failing (``scrapy doctor``).
"""

from jobscraper.alerts.criteria import Criteria
from jobscraper.alerts.delivery import SendSummary, send_due_alerts
from jobscraper.alerts.errors import AlertsBusy, DeliveryError, InvalidAlert
from jobscraper.alerts.store import AlertSpec
from jobscraper.db.alerts import flagged_alerts

__all__ = ["AlertSpec", "AlertsBusy", "Criteria", "DeliveryError", "InvalidAlert", "SendSummary",
           "flagged_alerts", "send_due_alerts"]
