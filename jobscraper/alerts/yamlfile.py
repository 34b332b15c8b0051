"""Alerts as a YAML file a user can keep in git: ``scrapy alerts import`` / ``export``.

    alerts:
      - name: backend-tlv
        frequency: daily            # immediate (after each crawl) | daily | weekly
        notify_removed: false
        watch_changes: true         # also: title, location, work mode changes, removed, reopened
        channels:
          email: [me@example.com]
          webhook: https://hooks.slack.com/...
          atom: true
          notify: [tgram://bot-token/chat-id, discord://webhook-id/token]   # apprise URLs
        criteria:
          keywords_any: [python, go, פייתון]
          exclude_keywords: [intern]
          cities: [Tel Aviv]
          seniority: [senior, staff]
"""

from __future__ import annotations

from typing import Any

import yaml

from jobscraper.alerts.errors import InvalidAlert
from jobscraper.alerts.store import AlertSpec


def load_specs(text: str) -> list[AlertSpec]:
    """Every alert of a YAML document; ``InvalidAlert`` naming the first bad one."""
    try:
        document: Any = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InvalidAlert(f"not valid YAML: {str(exc).splitlines()[0]}") from None
    if document is None:
        return []
    entries = document.get("alerts") if isinstance(document, dict) else document
    if not isinstance(entries, list):
        raise InvalidAlert("the file must hold a list of alerts under `alerts:`")
    specs = [AlertSpec.from_dict(entry) for entry in entries]
    names = [spec.name for spec in specs]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise InvalidAlert(f"alerts named more than once: {', '.join(duplicates)}")
    return specs


def dump_specs(specs: list[AlertSpec], masked: bool = False) -> str:
    """The YAML of the alerts; ``masked`` hides the secrets of notification URLs (to show)."""
    return yaml.safe_dump({"alerts": [spec.to_dict(masked) for spec in specs]}, allow_unicode=True,
                          sort_keys=False, default_flow_style=False)
