"""Open data: the listings as Open Referral UK JSON and a spreadsheet (CSV), and ORUK import.

Calendars use the same service ids, so they may use `service_uuid`, `uid`, `site_url`
and `BYDAY` from here.
"""
from pathlib import Path

from sbsite.core.feature import Feature
from sbsite.features.open_data import oruk, spreadsheet
from sbsite.features.open_data.oruk import BYDAY, service_uuid, site_url, uid  # noqa: F401 (the face others use)


def _pages(site):
    return oruk.pages(site) + spreadsheet.pages(site)


HERE = Path(__file__).parent  # its templates, script and styles
FEATURE = Feature("open_data", pages=_pages, folder=HERE)
