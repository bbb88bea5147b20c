"""Untrusted provider text: script tags, event handlers, javascript: and data: links are
tried in every text and link field of providers.yaml, and none survive into the site.

The list of fields is read from sbsite/schemas/providers.schema.json, so a field added
there is tested here without touching this file:
- free-text fields (a string with no enum, pattern or format) get each attack, the demo
  site is built, and every page is checked: no inline script, no on* attribute, no link
  or source with a scheme other than http, https, mailto or tel. Each field's marker must
  appear on some page, so we know the field really was published;
- link and other constrained fields (web-url, email, phone, date, pattern, enum) must
  reject the attacks in validation, and a javascript: link that somehow got past
  validation is still dropped when the page is made.
"""
from __future__ import annotations

import copy
import dataclasses
import functools
import html
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from conftest import REPO
from sbsite.render import engine as render
from sbsite.load import schemas
from sbsite.load.loader import load_text
from sbsite.load.validate import schema_problems

SCHEMA = "providers.schema.json"
SAFE_SCHEMES = {"", "http", "https", "mailto", "tel"}
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite", "srcset"}

# Each build tries one of these in every free-text field (short enough for the shortest field).
ATTACKS = {
    "script": "<script>alert(1)</script><img src=x onerror=alert(1)>",
    "handlers": "\"><svg onload=alert(1)> ' onmouseover='alert(1)' x=\"",
    "javascript": "[a](javascript:alert(1)) <javascript:alert(1)> [b]( JaVaScRiPt:alert(1))",
    "obfuscated": "[c](jav&#x61;script:alert(1)) <a href=\"javascript:alert(1)\">d</a>",
    "data": "[e](data:text/html,<script>alert(1)</script>) [f](vbscript:x)",
}
LINK_ATTACKS = ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
                "vbscript:msgbox(1)", "file:///etc/passwd", "//evil.example/x", "https://ok.example/\"onmouseover=\"alert(1)",
                "https://ok.example/<script>alert(1)</script>", "<script>alert(1)</script>"]


# --- The fields, from the schema ------------------------------------------------------

def leaves(schema=None, base=SCHEMA, path=()):
    """(path, schema) for every string field under a provider; '[]' marks a list item."""
    if schema is None:
        schema = {"$ref": "#/$defs/provider"}
    schema, base = schemas.resolve(schema, base)
    kinds = schemas.types_of(schema)
    if "object" in kinds or "properties" in schema:
        for key in schema.get("properties", {}):
            yield from leaves(*schemas.child(schema, base, key), path + (key,))
    elif "array" in kinds:
        yield from leaves(*schemas.child(schema, base, 0), path + ("[]",))
    elif "string" in kinds:
        yield path, schema


def is_free_text(schema) -> bool:
    return not ({"enum", "pattern", "format", "const"} & set(schema))


FIELDS = list(leaves())
TEXT_FIELDS = [(p, s) for p, s in FIELDS if is_free_text(s)]
CONSTRAINED = [(p, s) for p, s in FIELDS if not is_free_text(s)]
LINK_FIELDS = [(p, s) for p, s in CONSTRAINED if s.get("format") == "web-url"]


def name(path) -> str:
    return ".".join(path).replace(".[]", "[]")


def test_the_schema_gives_text_and_link_fields():
    names = {name(p) for p, _ in TEXT_FIELDS}
    assert {"name", "summary", "description", "booking.how", "venues[].access_notes", "contact.name"} <= names, names
    assert {name(p) for p, _ in LINK_FIELDS} >= {"contact.website", "booking.url"}


# --- Finding and setting fields in the demo data ----------------------------------------

def locations(data, path, at=()):
    """Every concrete place `path` has a string value in `data`, as tuples of keys and indexes."""
    if not path:
        if data is not None and not isinstance(data, (dict, list)):
            yield at
        return
    head, rest = path[0], path[1:]
    if head == "[]":
        for i, item in enumerate(data if isinstance(data, list) else []):
            yield from locations(item, rest, at + (i,))
    elif isinstance(data, dict) and head in data:
        yield from locations(data[head], rest, at + (head,))


def put(data, where, value):
    for key in where[:-1]:
        data = data[key]
    data[where[-1]] = value


def objects(data, path, at=()):
    """Every place the object holding the last key of `path` exists (to add an optional field)."""
    if not path[:-1]:
        if isinstance(data, dict):
            yield at + (path[-1],)
        return
    head, rest = path[0], path[1:]
    if head == "[]":
        for i, item in enumerate(data if isinstance(data, list) else []):
            yield from objects(item, rest, at + (i,))
    elif isinstance(data, dict) and head in data:
        yield from objects(data[head], rest, at + (head,))


@functools.lru_cache(maxsize=1)
def _demo_text() -> str:
    return (REPO / "providers.yaml").read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def _demo() -> tuple:
    return tuple(yaml.safe_load(_demo_text())["providers"])


def demo_providers() -> list[dict]:
    return copy.deepcopy(list(_demo()))


@functools.lru_cache(maxsize=1)
def _hosts() -> tuple:
    found = {}
    providers = _demo()
    for path, _ in FIELDS:
        for search in (locations, objects):  # a provider that fills it in; else one that could
            hit = next(((i, w) for i, p in enumerate(providers) for w in search(p, path)), None)
            if hit:
                found[path] = hit
                break
    return tuple(found.items())


def hosts() -> dict:
    """For each field, a demo provider to put it in (index, place in that provider): one that
    fills it in, or else one that has the object the field belongs to (an optional field)."""
    return dict(_hosts())


def test_every_text_field_is_filled_in_somewhere_in_the_demo_data():
    """So the injection build reaches every field (add an example to providers.yaml if not)."""
    missing = [name(p) for p, _ in TEXT_FIELDS if p not in hosts()]
    assert not missing, "No demo provider fills in: " + ", ".join(missing)


# --- Free-text fields: build the site with attacks in them ------------------------------

def marker(n: int) -> str:
    return f"Zq{n}x"


def injected(attack: str) -> tuple[list[dict], dict[str, str]]:
    """The demo providers that host a text field, with the attack in every text field they have."""
    providers = demo_providers()
    found = hosts()
    chosen = sorted({i for i, _ in found.values()})
    out = [copy.deepcopy(providers[i]) for i in chosen]
    markers = {}
    n = 0
    for k, p in zip(chosen, out):
        # A session names one of its provider's venues: it must still name it afterwards.
        venue_names = [v.get("name") for v in p.get("venues") or []]
        refers = [(s, venue_names.index(s["venue"])) for s in p.get("sessions") or [] if s.get("venue") in venue_names]
        for path, schema in TEXT_FIELDS:
            places = list(locations(p, path))
            if not places and path in found and found[path][0] == k:  # an optional field no one fills in
                places = [found[path][1]]
            for where in places:
                n += 1
                put(p, where, f"{marker(n)} {attack}"[: schema.get("maxLength", 5000)])
                markers.setdefault(name(path), marker(n))
        for s, i in refers:
            s["venue"] = p["venues"][i]["name"]
            markers["sessions[].venue"] = s["venue"].split()[0]
    return out, markers


class _Scan(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        a = dict(attrs)
        if tag == "script" and not a.get("src") and a.get("type") != "application/json":
            self.problems.append(f"line {line}: an inline <script>")
        if tag in ("iframe", "object", "embed", "base") or (tag == "meta" and (a.get("http-equiv") or "").lower() == "refresh"):
            self.problems.append(f"line {line}: a <{tag}>")
        for attr, value in attrs:
            if attr.startswith("on"):
                self.problems.append(f"line {line}: <{tag} {attr}=...>")
            if attr in URL_ATTRS and value is not None:
                cleaned = "".join(c for c in html.unescape(value) if ord(c) > 32).lower()
                for part in cleaned.split(",") if attr == "srcset" else [cleaned]:
                    scheme = urlsplit(part.split()[0] if attr == "srcset" and part.split() else part).scheme
                    if scheme not in SAFE_SCHEMES:
                        self.problems.append(f"line {line}: <{tag} {attr}=\"{value[:60]}\">")


def scan_site(site_dir: Path) -> list[str]:
    problems = []
    for page in sorted(site_dir.rglob("*.html")):
        scan = _Scan()
        scan.feed(page.read_text(encoding="utf-8"))
        problems += [f"{page.relative_to(site_dir)}, {p}" for p in scan.problems]
    return problems


def build_with(tmp_path: Path, providers: list[dict]) -> Path:
    from sbsite.build import build
    from sbsite.pipeline import load_site

    root = tmp_path / "project"
    root.mkdir()
    keep = {p["id"] for p in providers}
    # Each provider's own folder (photos...) comes too; other providers' folders do not.
    shutil.copytree(REPO / "content", root / "content", ignore=lambda folder, names: [
        n for n in names if Path(folder).name == "providers" and Path(folder).parent.name == "content" and n not in keep])
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "templates").symlink_to(REPO / "templates")
    (root / "providers.yaml").write_text(yaml.safe_dump({"providers": providers}, allow_unicode=True, sort_keys=False),
                                         encoding="utf-8")
    site, problems = load_site(root)
    assert not problems, "The attacks were refused by validation, so they could not be tried:\n" + \
        "\n".join(p.format() for p in problems)
    out = root / "site"
    build(site, root, out)
    return out


@pytest.fixture(scope="module", params=sorted(ATTACKS))
def attacked_site(request, tmp_path_factory):
    providers, markers = injected(ATTACKS[request.param])
    out = build_with(tmp_path_factory.mktemp(f"inject-{request.param}"), providers)
    return request.param, out, markers


def test_no_script_handler_or_unsafe_link_survives(attacked_site):
    attack, site_dir, markers = attacked_site
    problems = scan_site(site_dir)
    assert not problems, f"'{attack}' attack got through:\n" + "\n".join(problems[:40])
    text = "\n".join(p.read_text(encoding="utf-8") for p in site_dir.rglob("*.html"))
    unpublished = [field for field, m in markers.items() if m not in text]
    assert not unpublished, "These fields were not found on any page, so the attack was not really tried: " + \
        ", ".join(unpublished)
    assert len(markers) == len(TEXT_FIELDS)


def test_the_scan_would_see_an_attack(tmp_path):
    """The checker is not blind: it reports each kind of thing it looks for."""
    (tmp_path / "index.html").write_text(
        '<p onclick="x()">a</p><script>alert(1)</script><a href=" jav&#x61;script:alert(1)">b</a>'
        '<a href="data:text/html,x">c</a><img src="vbscript:x"><a href="https://ok.example/">ok</a>', encoding="utf-8")
    found = scan_site(tmp_path)
    assert len(found) == 5, found


@pytest.mark.browser
@pytest.mark.parametrize("attack", ["script", "handlers"])
def test_nothing_runs_in_a_browser_even_without_the_content_security_policy(browser, attacked_site_for, attack):
    """The policy would block inline script anyway; switch it off to prove the escaping alone holds."""
    import functools
    import http.server
    import threading

    site_dir, markers = attacked_site_for(attack)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(page.url), d.dismiss()))
    try:
        pages = [p for p in sorted(site_dir.rglob("*.html"))
                 if any(m in p.read_text(encoding="utf-8") for m in markers.values())]
        assert pages
        for p in pages[:40]:
            rel = p.relative_to(site_dir).as_posix()
            page.goto(base + rel)
        page.goto(base + "search/?q=" + next(iter(markers.values())))
        page.wait_for_timeout(1500)
    finally:
        context.close()
        server.shutdown()
        server.server_close()
    assert not dialogs, f"script ran on: {dialogs}"


@pytest.fixture(scope="module")
def attacked_site_for(tmp_path_factory):
    built = {}

    def get(attack):
        if attack not in built:
            providers, markers = injected(ATTACKS[attack])
            built[attack] = (build_with(tmp_path_factory.mktemp(f"browser-{attack}"), providers), markers)
        return built[attack]
    return get


# --- Link and other constrained fields: validation refuses the attacks ---------------

def _validate(providers: list[dict]):
    text = yaml.safe_dump({"providers": providers}, allow_unicode=True, sort_keys=False)
    return schema_problems(load_text(text, "providers.yaml", SCHEMA), SCHEMA)


@pytest.mark.parametrize("path", [p for p, _ in CONSTRAINED], ids=[name(p) for p, _ in CONSTRAINED])
def test_constrained_fields_refuse_attacks_in_validation(path):
    found = hosts()
    if path not in found:
        pytest.skip(f"no demo provider fills in {name(path)}")
    i, where = found[path]
    base = copy.deepcopy(demo_providers()[i])
    assert not _validate([base]), "the demo provider should be valid on its own"
    field = [k for k in path if k != "[]"][-1]
    attacks = LINK_ATTACKS if dict(FIELDS)[path].get("format") == "web-url" else LINK_ATTACKS[:1] + list(ATTACKS.values())[:2]
    for attack in attacks:
        p = copy.deepcopy(base)
        put(p, where, attack)
        problems = _validate([p])
        assert problems, f"{name(path)} accepted {attack!r}"
        # The problem points at this field: it names the field or quotes the bad value.
        assert any(f"'{field}'" in pr.message or attack.strip()[:15] in pr.message for pr in problems), \
            [pr.message for pr in problems]


def test_a_bad_link_that_skipped_validation_is_still_dropped(demo_project_site):
    """Defence in depth: the page templates keep only http, https, mailto and tel links."""
    site = demo_project_site
    bad = "javascript:alert(1)"
    p = next(p for p in site.providers if p.contact.get("website") and p.booking_url)
    evil = dataclasses.replace(p, booking_url=bad, contact={**p.contact, "website": bad},
                               description=p.description + f"\n\n[x]({bad}) <a href=\"{bad}\">y</a>")
    site = dataclasses.replace(site, providers=tuple(evil if q is p else q for q in site.providers))
    tree = render.render_tree(site)
    live = re.compile(r"""(?i)<a\s[^>]*href\s*=\s*["']?\s*javascript:|\]\(\s*<?\s*javascript:""")
    leaks = [path for path, text in tree.items() if path.endswith(".md") and live.search(text)]
    assert not leaks, leaks


@pytest.fixture(scope="module")
def demo_project_site():
    from sbsite.pipeline import load_site

    site, problems = load_site(REPO)
    assert not problems
    return site
