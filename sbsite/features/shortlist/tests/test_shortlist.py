"""My list without a browser: the data the printed summary needs, in shard files the page
loads only as needed, and the button on provider pages."""
import gzip
import html
import json
import re

from sbsite import pipeline
from sbsite.core import formats
from sbsite.render import engine as render
from sbsite.features.shortlist import shortlist
from sbsite.pipeline import load_site

from conftest import replace_in
from test_finder import synthetic_site


def gz(text: str) -> int:
    return len(gzip.compress(text.encode("utf-8"), 6, mtime=0))


def rows_of(files: dict) -> dict:
    """Every shard file back into {shard number: {id: row}}."""
    out = {}
    for path, text in files.items():
        k = int(re.fullmatch(r"shortlist/data-(\d+)\.js", path).group(1))
        prefix = f"(window.sbShortlistData=window.sbShortlistData||{{}})[{k}]="
        assert text.startswith(prefix) and text.endswith(";\n")
        out[k] = json.loads(text[len(prefix):-2])
    return out


def page_attrs(page: str) -> dict:
    tag = re.search(r'<div class="sb-shortlist" id="sb-shortlist" hidden ([^>]*)>', page).group(1)
    return {k: html.unescape(v) for k, v in re.findall(r'(data-[a-z-]+)="([^"]*)"', tag)}


def test_each_provider_has_its_contact_details_and_key_facts(project):
    site, problems = load_site(project)
    assert problems == []
    files = shortlist.data_files(site)
    assert list(files) == ["shortlist/data-0.js"]  # a small directory: one file
    rows = rows_of(files)[0]
    alpha, beta = rows["alpha-club"], rows["beta-breaks"]
    assert alpha == {"n": "Alpha Club", "s": "A small test club.", "g": "5 to 11 years", "c": "Free", "a": "North",
                     "d": ["Saturday, 10am to midday. Term time."], "v": ["Alpha Hall, North"],
                     "b": "Book directly", "ph": "01632 960100", "pt": "tel:+441632960100"}
    assert beta["em"] == "beta@example.org" and beta["c"] == "£4.50 a session" and beta["a"] == "South"
    assert beta["d"] == ["Times arranged with your family."] and "v" not in beta
    assert shortlist.data_files(site) == shortlist.data_files(site)


def test_provider_pages_have_a_hidden_add_button_box_and_escape_names(project):
    replace_in(project / "providers.yaml", "name: Alpha Club", 'name: "Alpha \\"<b>\\" Club"')
    site, problems = load_site(project)
    assert problems == []
    tree = render.render_tree(site)
    page = tree["providers/alpha-club.md"]
    assert '<div class="sb-shortlist-add" data-shortlist-id="alpha-club" data-shortlist-name="Alpha &#34;&#60;b&#62;&#34; Club" hidden markdown>' in page
    assert "[See my list](../shortlist/index.md)" in page
    assert '"n":"Alpha \\"<b>\\" Club"' in tree["shortlist/data-0.js"]
    assert "<script" not in tree[shortlist.PAGE]
    attrs = page_attrs(tree[shortlist.PAGE])
    assert re.fullmatch(r"data-\{n\}\.js\?v=[0-9a-f]{10}", attrs["data-src"])
    assert attrs["data-shards"] == "1" and attrs["data-provider-base"] == "../providers/"


# The hash sbsite-tools.js `idHash` must give the same numbers (the browser test checks it on
# many ids; these pin the Python side so a change to one alone is caught without a browser).
KNOWN_HASHES = {"a": 444641715, "alpha-club": 2351747097, "beta-breaks": 1515294087,
                "fernvale-access-card": 3161699717}


def test_the_shard_hash_is_fixed_and_spreads_providers_evenly(demo):
    assert {pid: shortlist.id_hash(pid) for pid in KNOWN_HASHES} == KNOWN_HASHES
    assert shortlist.PER_SHARD == 32
    assert [shortlist.shard_count(n) for n in (0, 1, 32, 33, 64, 65, 1000, 10000)] == [1, 1, 1, 2, 2, 4, 32, 512]
    site = synthetic_site(demo, 4000)
    sizes = [len(rows) for rows in shortlist.shards(site)]
    assert len(sizes) == shortlist.shard_count(4000) == 128 and sum(sizes) == 4000
    # About 31 a file; a hash that clumped (or used only some characters) would be far off.
    assert min(sizes) >= 12 and max(sizes) <= 55, sizes


def test_each_provider_is_in_the_file_the_page_looks_in(demo):
    site = synthetic_site(demo, 700)
    files = pipeline.shortlist_alone(site)
    page = files.pop(shortlist.PAGE)
    attrs = page_attrs(page)
    count = int(attrs["data-shards"])
    assert count == shortlist.shard_count(700) == 32 and len(files) == count
    rows = rows_of(files)
    assert sorted(rows) == list(range(count))
    for p in site.providers:
        assert p.id in rows[shortlist.shard_of(p.id, count)]
    assert sum(len(r) for r in rows.values()) == 700
    # One version for every file, from all of their contents: a changed provider changes it.
    assert attrs["data-src"].startswith("data-{n}.js?v=")
    assert pipeline.shortlist_alone(site) == pipeline.shortlist_alone(site)


def test_first_view_of_a_short_list_stays_small_however_big_the_directory(demo):
    """A list of 3 at a few thousand providers: the page and the files holding those 3, not
    the whole directory (it was every provider in one file: 625 KB gzipped at 10,000). The
    shard count doubles with the directory, so a file stays about 3 KB; BENCHMARKS.md has the
    figures at 1,000 and 10,000."""
    sizes = {}
    for n in (2000, 4000):
        site = synthetic_site(demo, n)
        files = pipeline.shortlist_alone(site)
        ids = [site.providers[i].id for i in (0, n // 2, n - 1)]
        view = shortlist.first_view(site, ids)
        assert view[0] == shortlist.PAGE and 2 <= len(view) <= 4
        sizes[n] = sum(gz(files[f]) for f in view)
        assert sizes[n] < 30 * 1024, f"{sizes[n] / 1024:.1f} KB gzipped at {n}"
        biggest = max(gz(files[f]) for f in files if f != shortlist.PAGE)
        assert biggest < 6 * 1024, f"a shard file is {biggest / 1024:.1f} KB gzipped at {n}"
    # Bounded, not growing with the directory (a little either way from which files they are).
    assert sizes[4000] < sizes[2000] * 1.5, sizes


def test_the_shortlist_benchmark_runs(demo):
    """bench/shortlist_bench.py (the figures in BENCHMARKS.md's notes), at a small size so it cannot rot."""
    import importlib.util

    from conftest import REPO
    spec = importlib.util.spec_from_file_location("shortlist_bench", REPO / "bench" / "shortlist_bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)  # it puts bench/ on sys.path to import finder_bench, as bench/run.py does
    result = bench.measure(synthetic_site(demo, 200))
    assert result["files"] == 8 and result["page"] < result["view3"] < 30 * 1024 < result["old_raw"]


def test_each_session_and_venue_address_is_written_as_a_family_reads_it(demo):
    """My list's printout is what a family takes to the door: every session's days and times
    (GOV.UK style, written here by formats.time_range so the script never formats a time) and
    every venue's address. With two venues, each session says which one."""
    rows = {pid: row for shard in shortlist.shards(demo) for pid, row in shard.items()}
    assert rows["kestrel-vale-saturday-club"]["d"] == ["Saturday, 10am to 3pm. All year."]
    assert rows["kestrel-vale-saturday-club"]["v"] == ["Oakridge Children's Centre, 1 School Lane, Oakridge, Kestrel Vale, FV2 5CC"]
    assert rows["fernvale-swim-school-inclusive-lessons"]["d"] == [
        "Tuesday and Thursday, 4pm to 5pm. Term time, at Fernvale Leisure Centre.",
        "Saturday, 9am to 10am. Term time, at Kestrel Vale Pool."]
    assert rows["fernvale-swim-school-inclusive-lessons"]["v"] == [
        "Fernvale Leisure Centre, Park Road, Fernvale, FV5 3LR", "Kestrel Vale Pool, Oakridge Road, Kestrel Vale, FV2 4KP"]
    assert rows["willow-house-residential-short-breaks"]["d"][0] == "Friday and Saturday, 4pm to 10am, overnight. All year."
    assert rows["fernvale-family-link-carers"]["d"] == ["Times arranged with your family."]
    assert "v" not in rows["fernvale-family-link-carers"]
    for p in demo.providers:
        row = rows[p.id]
        assert len(row["d"]) == max(1, len(p.sessions)) and len(row.get("v", [])) == len(p.venues)
        for s, line in zip(p.sessions, row["d"]):
            if s.start:
                assert formats.time_range(s.start, s.end) in line
            assert not re.search(r"\b\d\d:\d\d\b", line), line  # never the data's 24-hour "HH:MM"
