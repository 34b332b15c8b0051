"""The web app and JSON API over the database (``scrapy serve``, ``make serve``)."""
