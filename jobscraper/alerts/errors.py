"""Errors of the alerts package."""


class InvalidAlert(ValueError):
    """An alert definition that cannot be used; the message names the field."""


class DeliveryError(Exception):
    """A channel could not deliver; the message is one line, free of secrets."""


class AlertsBusy(Exception):
    """Another ``alerts send`` is running on this database."""
