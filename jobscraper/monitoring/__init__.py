"""Watching the crawls: health findings, operator notifications, metrics."""
