"""Every feature of the site. Each folder here declares one `FEATURE` (sbsite.core.feature).

`ALL` is the order their pages are made in, which is the order of the site's files and
search index; a council leaves a feature out by building with a tuple without it.
"""
from sbsite.features import (accessibility, calendars, changes, compliance, easy_read, eligibility, finder,
                             freshness, gaps, open_data, photos, search, shortlist, story, suggest,
                             you_said_we_did)

ALL = (
    freshness.FEATURE, changes.FEATURE, you_said_we_did.FEATURE, open_data.FEATURE, calendars.FEATURE,
    compliance.FEATURE, gaps.FEATURE, accessibility.FEATURE, photos.FEATURE, story.FEATURE,
    easy_read.FEATURE, finder.FEATURE, eligibility.FEATURE, shortlist.FEATURE, search.FEATURE, suggest.FEATURE,
)
