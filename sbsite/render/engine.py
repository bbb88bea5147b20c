"""Render the validated Site into a tree of Markdown pages (a dict of path → text).

The tree is plain Markdown with a little HTML, so MkDocs or any other builder
can take it. Nothing here touches the disk except reading templates.

Every `{{ value }}` in a template is escaped by default (see `_finalize`): a
template author has to ask for HTML on purpose with a filter that returns
Markup (`rich`, `link`, ...), so provider text can never inject markup.
"""
from __future__ import annotations

import dataclasses
import gc
import html
import json
import multiprocessing
import os
import posixpath
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import jinja2
from markupsafe import Markup

from sbsite import TEMPLATES
from sbsite.core import formats
from sbsite.core import markup
from sbsite.core import model
from sbsite.core.words import ages_text, days_text, join_words, long_date
from sbsite.core.feature import NavEntry, PageSpec
from sbsite.core import statement



def _finalize(value):
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    return markup.inline(value)


def yaml_str(value) -> Markup:
    """A one-line YAML string for front matter, HTML-escaped.

    MkDocs and Material print front matter (the page title, the description) into the
    page's <title>, header and <meta> tags without escaping it, so the value must already
    be HTML text: a provider named '<script>...' must not become a script. <, > and & are
    also written as YAML escapes.
    """
    # ensure_ascii: YAML refuses some characters JSON allows raw (DEL, C1 controls); as \u
    # escapes every character is safe, and the page shows the same text.
    text = json.dumps(html.escape(" ".join(str(value).split()), quote=True), ensure_ascii=True)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def template_folders(templates: Path, features) -> list[Path]:
    """Where templates are found: `templates` (the site-wide ones), then each feature's folder."""
    return [Path(templates)] + [f.folder for f in features if f.folder is not None]


def asset_sources(features, templates: Path = TEMPLATES) -> dict[str, Path]:
    """Every static file the site serves under assets/ (site-wide styles and scripts, then
    each feature's own), by its path in the tree."""
    shared = Path(templates) / "assets"
    found = {f"assets/{p.relative_to(shared).as_posix()}": p
             for p in sorted(shared.rglob("*")) if p.is_file()} if shared.is_dir() else {}
    for feature in features:
        found.update((f"assets/{name}", feature.folder / name) for name in feature.assets)
    return found


def environment(templates: Path = TEMPLATES, features=()) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(folder) for folder in template_folders(templates, features)]),
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
        clock=formats.clock, time_range=formats.time_range,  # times as GOV.UK writes them: 10am to 3pm
    )
    for feature in features:
        env.globals.update(feature.template_globals)
    return env


def core_pages(site: model.Site) -> list[PageSpec]:
    specs = [
        PageSpec("home", "index.md", "home.md.j2"),
        PageSpec("statement", "statement.md", "statement.md.j2", {"facts": statement.range_of_breaks(site)}),
        PageSpec("tiers", "tiers/index.md", "tiers.md.j2"),
    ]
    specs += [PageSpec(f"tier:{t.id}", f"tiers/{t.id}.md", "tier.md.j2",
                       {"tier": t, "providers": site.providers_in_tier(t.id)}) for t in site.tiers]
    specs.append(PageSpec("providers", "providers/index.md", "providers.md.j2"))
    specs += [PageSpec(f"provider:{p.id}", f"providers/{p.id}.md", "provider.md.j2", {"p": p}) for p in site.providers]
    specs.append(PageSpec("areas", "areas/index.md", "areas.md.j2"))
    specs += [PageSpec(f"area:{a.id}", f"areas/{a.id}.md", "area.md.j2",
                       {"area": a, "providers": site.providers_in_area(a.id)}) for a in site.areas]
    specs.append(PageSpec("ages", "ages/index.md", "ages.md.j2"))
    specs += [PageSpec(f"age:{b[0]}", f"ages/{b[0]}.md", "age.md.j2",
                       {"band": b, "providers": site.providers_for_ages(b[2], b[3])}) for b in model.AGE_BANDS]
    specs.append(PageSpec("local_offer", "local-offer/index.md", "local_offer.md.j2"))
    specs += [PageSpec(f"page:{pg.slug}", f"local-offer/{pg.slug}.md", "page.md.j2", {"page": pg}) for pg in site.pages]
    return specs


def all_pages(site: model.Site) -> list[PageSpec]:
    """Every page of the site: the core pages, then each feature's, in the order of
    site.features. Worked out once per Site (kept in site.memo): the navigation, the
    links and the writing all need the list, and some pages are costly."""
    if "pages" not in site.memo:
        specs = core_pages(site)
        for feature in site.features:
            if feature.pages:
                specs += feature.pages(site)
        site.memo["pages"] = specs
    return site.memo["pages"]


def _page_hooks(site: model.Site) -> list:
    return [hook for feature in site.features for hook in feature.page_hooks]


def _post_render(site: model.Site) -> list:
    return [pair for feature in site.features for pair in feature.post_render]


def page_paths(site: model.Site, specs: list[PageSpec] | None = None) -> dict[str, str]:
    """Where each page lives in the tree; one place so links and files agree."""
    return {s.key: s.path for s in (specs if specs is not None else all_pages(site))}


def _render_one(env, site, paths, spec: PageSpec) -> str:
    if spec.text is not None:
        return spec.text
    if spec.make is not None:
        return spec.make()
    here = posixpath.dirname(spec.path)

    def to(key: str, anchor: str = "") -> str:
        path = posixpath.relpath(paths[key], here or ".")
        return path + (f"#{anchor}" if anchor else "")

    text = env.get_template(spec.template).render(
        site=site, to=to, model=model, page_key=spec.key, page_path=spec.path, **spec.context)
    for hook in _page_hooks(site):
        text = hook(site, spec, text)
    return text


def render_alone(site: model.Site, specs: list[PageSpec], key: str, prefix: str,
                 extra_paths: dict | None = None) -> dict[str, str]:
    """The page `key`, rendered as the full build writes it, and the files of the specs whose
    key starts with `prefix`, without building the rest of the site: for size tests and the
    benchmarks of a single page. `specs` must include every page it links to (or `extra_paths`)."""
    paths = page_paths(site, specs) | (extra_paths or {})
    env = environment(features=site.features)
    spec = next(s for s in specs if s.key == key)
    out = {spec.path: _render_one(env, site, paths, spec)}
    out.update((s.path, _render_one(env, site, paths, s)) for s in specs if s.key.startswith(prefix))
    return out


def standalone(site: model.Site, names, key: str, prefix: str, extra_paths: dict | None = None) -> dict[str, str]:
    """render_alone over the core pages and the pages of the features called `names`."""
    specs = core_pages(site) + [spec for f in site.features if f.name in names and f.pages for spec in f.pages(site)]
    return render_alone(site, specs, key, prefix, extra_paths)


_JOB: dict = {}


CHUNK = 250  # pages a worker renders per message: small messages keep the peak memory low


def _write(folder: Path, rel: str, text: str) -> None:
    target = folder / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8", newline="\n")


def _render_some(env, site, paths, specs, folder: Path | None) -> list:
    """Each page's text, or, when writing into `folder`, only each page's post_render digests."""
    out = []
    for spec in specs:
        text = _render_one(env, site, paths, spec)
        if folder is None:
            out.append(text)
        else:
            _write(folder, spec.path, text)
            out.append([digest(site, spec.path, text) for digest, _ in _post_render(site)])
    return out


def _render_chunk(start: int) -> list:
    """Render pages start .. start + CHUNK - 1 (runs in a forked process)."""
    env, site, paths, specs, folder = (_JOB[k] for k in ("env", "site", "paths", "specs", "folder"))
    return _render_some(env, site, paths, specs[start:start + CHUNK], folder)


def _render_all(site: model.Site, templates: Path, workers: int | None, folder: Path | None) -> tuple[list, list]:
    """(specs, what _render_some gave for each). Large sites are shared between processes,
    one per core; the result is the same, in the same order, whichever way it was made."""
    env = environment(templates, site.features)
    specs = all_pages(site)
    paths = page_paths(site, specs)
    if workers is None:
        workers = min(os.cpu_count() or 1, 4) if len(specs) >= PARALLEL_FROM else 1
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        results: list = [None] * len(specs)
        _JOB.update(env=env, site=site, paths=paths, specs=specs, folder=folder)
        gc.collect()
        gc.freeze()  # so the workers' garbage collectors do not copy the parent's memory
        try:
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
                for start, rendered in zip(range(0, len(specs), CHUNK),
                                           pool.map(_render_chunk, range(0, len(specs), CHUNK))):
                    results[start:start + len(rendered)] = rendered
        finally:
            gc.unfreeze()
            _JOB.clear()
        return specs, results
    return specs, _render_some(env, site, paths, specs, folder)


def render_tree(site: model.Site, templates: Path = TEMPLATES, workers: int | None = None) -> dict[str, str]:
    """Render every page into a dict of path → text."""
    specs, texts = _render_all(site, templates, workers, None)
    return _after_render(site, {spec.path: text for spec, text in zip(specs, texts)})


def render_into(site: model.Site, folder: Path, templates: Path = TEMPLATES, workers: int | None = None) -> int:
    """Render every page straight into `folder` and return how many files were written.

    The same files as writing out render_tree(), but each page is written by the
    process that rendered it and only its digests come back, so the whole tree is
    never held in memory (at 10,000 providers that is a few hundred MB).
    """
    specs, digests = _render_all(site, templates, workers, Path(folder))
    extra: dict[str, str] = {}
    for n, (_, combine) in enumerate(_post_render(site)):
        extra.update(combine(site, {spec.path: d[n] for spec, d in zip(specs, digests)}))
    for rel, text in extra.items():
        _write(Path(folder), rel, text)
    return len({spec.path for spec in specs} | set(extra))




def _after_render(site: model.Site, tree: dict[str, str]) -> dict[str, str]:
    for digest, combine in _post_render(site):
        tree.update(combine(site, {path: digest(site, path, text) for path, text in tree.items()}))
    return tree


def _providers_in(value) -> list:
    if isinstance(value, model.Provider):
        return [value.id]
    if isinstance(value, (list, tuple)):
        return [v.id for v in value if isinstance(v, model.Provider)]
    return []


def _about(spec: PageSpec, provider_ids) -> frozenset | None:
    """The providers a page is made from, or None if it may depend on all of them."""
    found = [pid for v in spec.context.values() for pid in _providers_in(v)]
    make = spec.make
    if make is not None:
        found += [pid for v in (*getattr(make, "args", ()), *getattr(make, "keywords", {}).values())
                  for pid in _providers_in(v)]
    last = spec.key.rsplit(":", 1)[-1]
    if last in provider_ids:
        found.append(last)
    return frozenset(found) if found else None


def _same_outside_providers(a: model.Site, b: model.Site) -> bool:
    names = [f.name for f in dataclasses.fields(model.Site) if f.compare and f.name != "providers"]
    if not all(getattr(a, name) == getattr(b, name) for name in names):
        return False
    others = lambda site: {k: v for k, v in (site.files or {}).items() if k != "providers.yaml"}  # noqa: E731
    return others(a) == others(b)


def render_incremental(site: model.Site, previous: dict | None, templates: Path = TEMPLATES):
    """Render again only the pages a change can have touched, for the live preview.

    A page is reused when nothing outside providers.yaml changed (the caller passes
    previous=None otherwise, and templates are compared here), and every provider the
    page is made from (see _about) is equal to last time, with the same set of them (a
    tier page whose list gains a provider is redone). Pages made from no provider in
    particular (home, statement, finder data...) may depend on every provider, so they
    are always rendered. Returns (tree, state for the next call).
    """
    specs = all_pages(site)
    reusable = previous is not None and previous["templates"] == _template_stamp(templates, site.features) \
        and _same_outside_providers(previous["site"], site)
    if not reusable:
        tree = render_tree(site, templates)
        return tree, {"site": site, "templates": _template_stamp(templates, site.features),
                      "specs": {spec.key: (spec, tree[spec.path]) for spec in specs}}
    old = previous["specs"]
    env = environment(templates, site.features)
    paths = page_paths(site, specs)
    tree = {}
    ids = {p.id for p in site.providers}
    before_providers = {p.id: p for p in previous["site"].providers}
    unchanged = {p.id for p in site.providers if before_providers.get(p.id) == p}
    for spec in specs:
        before = old.get(spec.key)
        about = _about(spec, ids)
        if (before is not None and about is not None and about <= unchanged
                and before[0].path == spec.path and before[0].template == spec.template
                and _about(before[0], set(before_providers)) == about):
            tree[spec.path] = before[1]
        else:
            tree[spec.path] = _render_one(env, site, paths, spec)
    _after_render(site, tree)
    state = {"site": site, "templates": _template_stamp(templates, site.features),
             "specs": {spec.key: (spec, tree[spec.path]) for spec in specs}}
    return tree, state


def _template_stamp(templates: Path, features=()) -> tuple:
    return tuple(sorted((str(p), p.stat().st_mtime_ns) for folder in template_folders(templates, features)
                        for p in Path(folder).rglob("*") if p.is_file() and p.suffix != ".pyc"))


# Below this many pages, starting processes costs more than it saves.
PARALLEL_FROM = 600


# The menu's top-level headings that hold several entries, and where each goes among
# the top-level entries. Features add entries to them (Feature.nav); a heading with no
# entries is left out.
SECTIONS = {"Types of short break": 20, "Find a short break": 30, "Local Offer": 40, "Your say and updates": 60}


def _core_nav(site: model.Site, paths: dict) -> list[NavEntry]:
    find = "Find a short break"
    return [
        NavEntry(None, 0, {"Home": paths["home"]}),
        NavEntry(None, 10, {"Short breaks statement": paths["statement"]}),
        NavEntry("Types of short break", 0, paths["tiers"]),
        *(NavEntry("Types of short break", 1, {t.name: paths[f"tier:{t.id}"]}) for t in site.tiers),
        NavEntry(find, 10, {"All short breaks A to Z": paths["providers"]}),
        NavEntry(find, 20, {"By area": paths["areas"]}), NavEntry(find, 30, {"By age": paths["ages"]}),
        NavEntry("Local Offer", 0, paths["local_offer"]),
        *(NavEntry("Local Offer", 1, {pg.title: paths[f"page:{pg.slug}"]}) for pg in site.pages),
    ]


def nav(site: model.Site) -> list:
    """A small navigation: providers are never listed in it, however many there are."""
    paths = page_paths(site)
    entries = _core_nav(site, paths) + [e for f in site.features if f.nav for e in f.nav(site, paths)]
    top = [(e.order, e.entry) for e in entries if e.section is None]
    for name, order in SECTIONS.items():
        inside = [e.entry for e in sorted((e for e in entries if e.section == name), key=lambda e: e.order)]
        if inside:
            top.append((order, {name: inside}))
    return [entry for _, entry in sorted(top, key=lambda pair: pair[0])]
