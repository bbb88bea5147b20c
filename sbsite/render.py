"""Render the validated Site into a tree of Markdown pages (a dict of path → text).

The tree is plain Markdown with a little HTML, so MkDocs or any other builder
can take it. Nothing here touches the disk except reading templates.

Every `{{ value }}` in a template is escaped by default (see `_finalize`): a
template author has to ask for HTML on purpose with a filter that returns
Markup (`rich`, `link`, ...), so provider text can never inject markup.
"""
from __future__ import annotations

import html
import json
import posixpath
from datetime import date
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import formats, markup, model, statement

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def _finalize(value):
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    return markup.inline(value)


def yaml_str(value) -> Markup:
    """A one-line YAML string for front matter; <, > and & are written as escapes."""
    text = json.dumps(" ".join(str(value).split()), ensure_ascii=False)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def long_date(d) -> str:
    if isinstance(d, str):
        d = date.fromisoformat(d)
    return f"{d.day} {d.strftime('%B %Y')}"


def ages_text(ages) -> str:
    low, high = ages
    return f"{low} to {high} years" if low != high else f"{low} years"


def join_words(items) -> str:
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def days_text(days) -> str:
    names = [d.capitalize() for d in days]
    weekdays = list(model.DAYS[:5])
    if list(days) == list(model.DAYS):
        return "Every day"
    if list(days) == weekdays:
        return "Monday to Friday"
    return join_words(names)


def environment(templates: Path = TEMPLATES) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=False, finalize=_finalize, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters.update(
        rich=markup.rich, inline=markup.inline, long_date=long_date, ages=ages_text,
        days=days_text, words=join_words,
        yaml_str=yaml_str, attr=lambda v: Markup(html.escape(str(v), quote=True)),
        link=lambda url, text, **kw: markup.link(url, text, **kw),
        tel=lambda phone: markup.link(formats.tel_href(phone), phone),
        mailto=lambda email: markup.link("mailto:" + email, email),
        need=lambda n: model.NEED_LABELS.get(n, n), access=lambda a: model.ACCESS_LABELS.get(a, a),
        break_type=lambda b: model.BREAK_LABELS.get(b, b), when=lambda w: model.WHEN_LABELS.get(w, w),
        route=lambda r: model.ROUTE_LABELS.get(r, r),
    )
    return env


def page_paths(site: model.Site) -> dict[str, str]:
    """Where each kind of page lives in the tree; one place so links and files agree."""
    paths = {"home": "index.md", "statement": "statement.md", "tiers": "tiers/index.md",
             "providers": "providers/index.md", "areas": "areas/index.md", "ages": "ages/index.md",
             "local_offer": "local-offer/index.md"}
    paths.update({f"tier:{t.id}": f"tiers/{t.id}.md" for t in site.tiers})
    paths.update({f"provider:{p.id}": f"providers/{p.id}.md" for p in site.providers})
    paths.update({f"area:{a.id}": f"areas/{a.id}.md" for a in site.areas})
    paths.update({f"age:{b[0]}": f"ages/{b[0]}.md" for b in model.AGE_BANDS})
    paths.update({f"page:{pg.slug}": f"local-offer/{pg.slug}.md" for pg in site.pages})
    return paths


def render_tree(site: model.Site, templates: Path = TEMPLATES) -> dict[str, str]:
    env = environment(templates)
    paths = page_paths(site)
    out: dict[str, str] = {}

    def render(target: str, template: str, **context):
        here = posixpath.dirname(paths[target])

        def to(key: str, anchor: str = "") -> str:
            path = posixpath.relpath(paths[key], here or ".")
            return path + (f"#{anchor}" if anchor else "")

        out[paths[target]] = env.get_template(template).render(site=site, to=to, model=model, **context)

    render("home", "home.md.j2")
    render("statement", "statement.md.j2", facts=statement.range_of_breaks(site))
    render("tiers", "tiers.md.j2")
    for tier in site.tiers:
        render(f"tier:{tier.id}", "tier.md.j2", tier=tier, providers=site.providers_in_tier(tier.id))
    render("providers", "providers.md.j2")
    for provider in site.providers:
        render(f"provider:{provider.id}", "provider.md.j2", p=provider)
    render("areas", "areas.md.j2")
    for area in site.areas:
        render(f"area:{area.id}", "area.md.j2", area=area, providers=site.providers_in_area(area.id))
    render("ages", "ages.md.j2")
    for band in model.AGE_BANDS:
        render(f"age:{band[0]}", "age.md.j2", band=band, providers=site.providers_for_ages(band[2], band[3]))
    render("local_offer", "local_offer.md.j2")
    for page in site.pages:
        render(f"page:{page.slug}", "page.md.j2", page=page)
    return out


def nav(site: model.Site) -> list:
    """A small navigation: providers are never listed in it, however many there are."""
    paths = page_paths(site)
    return [
        {"Home": paths["home"]},
        {"Short breaks statement": paths["statement"]},
        {"Types of short break": [paths["tiers"]] + [{t.name: paths[f"tier:{t.id}"]} for t in site.tiers]},
        {"Find a short break": [paths["providers"], {"By area": paths["areas"]}, {"By age": paths["ages"]}]},
        {"Local Offer": [paths["local_offer"]] + [{pg.title: paths[f"page:{pg.slug}"]} for pg in site.pages]},
    ]
