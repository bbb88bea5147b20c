"""The shortlist ("My list"): the short breaks a family picked, kept in the page address.

A family adds short breaks with "Add to my list" on finder cards and provider
pages (templates/assets/shortlist.js, loaded on every page). The list lives in
the address of the shortlist page (`/shortlist/?ids=a,b`), so it can be shared,
bookmarked and printed, and is mirrored in the browser's local storage. There
are no cookies and no accounts, and nothing is sent anywhere.

`shortlist/data.js` holds what the printed summary needs for each provider:
name, the key facts and contact details. It is loaded only by the shortlist page.
"""
from __future__ import annotations

from . import formats, markup, model
from .finder import dumps, page_url, versioned

PAGE = "shortlist/index.md"
DATA = "shortlist/data.js"


def entry(site: model.Site, p: model.Provider) -> dict:
    from .render import ages_text, days_text
    c = p.contact
    row = {
        "n": p.name, "s": p.summary, "g": ages_text(p.ages), "c": p.cost.text,
        "a": ", ".join(site.area(a).name for a in p.areas) or "Ask the provider",
        "d": days_text(p.days) if p.days else "Times arranged with your family",
        "b": model.ROUTE_LABELS.get(p.booking_route, ""),
        "bu": markup.safe_url(p.booking_url) or "" if p.booking_url else "",
        "cn": c.get("name") or "", "ph": c.get("phone") or "",
        "pt": formats.tel_href(c["phone"]) if c.get("phone") else "",
        "em": c.get("email") or "", "w": markup.safe_url(c["website"]) or "" if c.get("website") else "",
    }
    return {k: v for k, v in row.items() if v}


def data(site: model.Site) -> dict:
    return {"pb": page_url(PAGE, "providers/x.md")[: -len("x/")],
            "p": {p.id: entry(site, p) for p in site.providers}}


def data_js(site: model.Site) -> str:
    return "window.sbShortlistData=" + dumps(data(site)) + ";\n"


def pages(site: model.Site) -> list:
    from .render import PageSpec  # render imports this module at its end
    text = data_js(site)
    context = {"data_src": versioned("data.js", text)}
    return [PageSpec("shortlist", PAGE, "shortlist.md.j2", context), PageSpec("shortlist:data", DATA, text=text)]
