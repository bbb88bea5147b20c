"""'Add to my calendar': an iCalendar file of each provider's sessions."""
from sbsite.core.feature import Feature
from sbsite.features.calendars import calendars

FEATURE = Feature("calendars", pages=calendars.pages)
