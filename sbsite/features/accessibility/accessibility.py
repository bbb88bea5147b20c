"""The accessibility statement (Public Sector Bodies Accessibility Regulations 2018).

Its words live in content/accessibility.yaml; the page follows the format UK public
sector bodies publish (GOV.UK's sample statement): how accessible the site is, how to
ask for another format or report a problem, the enforcement procedure, the technical
compliance status with known issues, and when the statement was prepared and reviewed.
Every page's footer links to it (templates/overrides/partials/footer.html).
"""
from __future__ import annotations

from sbsite.core import model
from sbsite.core.problems import Problem

FILE = "content/accessibility.yaml"
SCHEMA = "accessibility.schema.json"
PATH = "accessibility/index.md"  # the footer links to 'accessibility/': keep them in step

STATUS_TEXT = {
    "fully-compliant": "fully compliant",
    "partially-compliant": "partially compliant",
    "not-compliant": "not compliant",
}
# Who enforces the regulations, by country; England, Scotland and Wales share the EHRC.
ENFORCEMENT = {
    "great-britain": {
        "body": "The Equality and Human Rights Commission (EHRC)",
        "advice": "the Equality Advisory and Support Service (EASS)",
        "url": "https://www.equalityadvisoryservice.com/",
    },
    "northern-ireland": {
        "body": "The Equality Commission for Northern Ireland (ECNI)",
        "advice": "the Equality Commission for Northern Ireland",
        "url": "https://www.equalityni.org/Home",
    },
}


def enforcement(country: str) -> dict:
    return ENFORCEMENT["northern-ireland" if country == "northern-ireland" else "great-britain"]


def check(loaded) -> list[Problem]:
    """What the schema cannot see: the status must agree with the known issues; dates in order."""
    data = loaded.data.get("accessibility") if isinstance(loaded.data, dict) else None
    if not isinstance(data, dict):
        return []
    out: list[Problem] = []
    status, issues = data.get("status"), data.get("known_issues")
    n = len(issues) if isinstance(issues, list) else 0

    def at(path, message, fix):
        line, col = loaded.locate(("accessibility",) + path)
        out.append(Problem(loaded.file, line, col, message, fix))

    if status == "fully-compliant" and n:
        at(("status",), f"The status says fully-compliant, but {n} known issue{'s are' if n != 1 else ' is'} listed.",
           "Set 'status: partially-compliant', or remove each issue from 'known_issues' once it is fixed.")
    if status in ("partially-compliant", "not-compliant") and not n:
        at(("status",), f"The status says {status}, but no known issues are listed.",
           "List each problem under 'known_issues' (summary, detail and the WCAG criteria it fails), "
           "or set 'status: fully-compliant' if there are none.")
    prepared, reviewed = data.get("prepared"), data.get("reviewed")
    if isinstance(prepared, str) and isinstance(reviewed, str) and reviewed < prepared:
        at(("reviewed",), f"The statement was last reviewed ({reviewed}) before it was prepared ({prepared}).",
           "Set 'reviewed' to the date of the latest review, on or after 'prepared'.")
    return out


def pages(site: model.Site) -> list:
    from sbsite.core.feature import PageSpec

    data = (site.files.get(FILE) or {}).get("accessibility")
    if not data:
        return []
    contact = data["contact"]
    context = {
        "a": data,
        "status_text": STATUS_TEXT[data["status"]],
        "enforcement": enforcement(data["country"]),
        "email": contact.get("email") or site.council["email"],
        "phone": contact.get("phone") or site.council["phone"],
    }
    return [PageSpec("accessibility", PATH, "accessibility.md.j2", context, source=FILE)]
