"""My list as a big directory sees it: the page loads only the data files holding the short
breaks on the list. The demo data with a tiny shard size (4 providers a file, so 16 files),
building only the shortlist page, as tests/test_finder_shards_browser.py does for the finder."""
import random
import re

import pytest

from sbsite import pipeline
from sbsite.render import engine as render
from sbsite.features.shortlist import shortlist

from conftest import finder_bench, serve_folder
from test_shortlist_browser import KEY, listed, open_list, stored, wait_until

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def sharded_server(demo, tmp_path_factory):
    bench = finder_bench()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(shortlist, "PER_SHARD", 4)
        files = pipeline.shortlist_alone(demo)
    built = bench.build_finder(demo, render.nav(demo), tmp_path_factory.mktemp("shortlist"), files=files)
    assert (built / "shortlist" / "data-15.js").exists() and not (built / "shortlist" / "data-16.js").exists()

    yield from serve_folder(built)


COUNT = 16


def by_shard(demo) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for p in demo.providers:
        out.setdefault(shortlist.shard_of(p.id, COUNT), []).append(p.id)
    return out


def data_requests(page) -> list[str]:
    seen = []
    page.on("request", lambda r: seen.append(re.sub(r"\?.*", "", r.url.rsplit("/", 1)[1]))
            if "/shortlist/data-" in r.url else None)
    return seen


def test_the_page_hashes_ids_to_the_same_file_as_the_build(page, sharded_server, demo):
    """The shard sbsite/shortlist.py writes a provider into is the one sbsite-tools.js looks in:
    checked on every demo id and on 1,600 made-up slugs of every length from 1 to 80."""
    rng = random.Random(4)
    chars = "abcdefghijklmnopqrstuvwxyz0123456789"
    ids = [p.id for p in demo.providers]
    for n in range(1, 81):
        for _ in range(20):
            slug = "".join(rng.choice(chars + "-") if 0 < i < n - 1 else rng.choice(chars) for i in range(n))
            ids.append(re.sub("-+", "-", slug))
    open_list(page, sharded_server + "shortlist/")
    got = page.evaluate("([ids, counts]) => ids.map(id => counts.map(c => window.sbShortlist.shardOf(id, c)))",
                        [ids, [1, 2, COUNT, 512, 2 ** 32]])
    assert got == [[shortlist.shard_of(pid, c) for c in (1, 2, COUNT, 512, 2 ** 32)] for pid in ids]


def test_a_list_from_several_files_loads_only_those_and_shows_them_all(page, sharded_server, demo):
    groups = by_shard(demo)
    shards = sorted(groups)[:4]
    saved = [groups[k][0] for k in shards[:3]]
    seen = data_requests(page)
    open_list(page, sharded_server + "shortlist/?ids=" + ",".join(saved + ["no-such-provider"]))
    assert listed(page) == saved
    assert sorted(seen) == sorted({f"data-{k}.js" for k in shards[:3]} | {f"data-{shortlist.shard_of('no-such-provider', COUNT)}.js"})
    assert page.locator("#sb-shortlist-missing").inner_text() == "1 short break on this list is no longer listed."
    names = {p.id: p.name for p in demo.providers}
    for pid in saved:
        assert names[pid] in page.locator(f"#sb-shortlist-items [data-provider-id={pid}]").inner_text()
        assert page.locator(f"#sb-shortlist-items [data-provider-id={pid}] h2 a").get_attribute("href") == f"../providers/{pid}/"
    assert stored(page) == saved + ["no-such-provider"]
    # A different list from a link, then "Show my own list": the files for it load then.
    other = [groups[shards[3]][0]]
    open_list(page, sharded_server + "shortlist/?ids=" + other[0])
    assert listed(page) == other and page.locator("#sb-shortlist-other").is_visible()
    page.click("#sb-shortlist-mine")
    wait_until(page, "document.querySelectorAll('#sb-shortlist-items [data-provider-id]').length === 3")
    assert listed(page) == saved
    assert page.url.endswith("?ids=" + ",".join(saved + ["no-such-provider"]))
    assert page.context.cookies() == []


def test_a_file_that_does_not_load_is_not_called_removed(page, sharded_server, demo):
    groups = by_shard(demo)
    a, b = sorted(groups)[:2]
    page.route(re.compile(rf".*/shortlist/data-{b}\.js.*"), lambda route: route.abort())
    open_list(page, sharded_server + f"shortlist/?ids={groups[a][0]},{groups[b][0]}")
    assert listed(page) == [groups[a][0]]
    assert page.locator("#sb-shortlist-missing").inner_text() == (
        "We could not load the details of 1 short break on this list. Check your internet connection and reload this page.")
    assert page.evaluate(f"JSON.parse(localStorage.getItem('{KEY}'))") == [groups[a][0], groups[b][0]]
    assert page.locator("#sb-shortlist-count").inner_text() == "Your list has 1 short break."
