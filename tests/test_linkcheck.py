"""Links: LinkChecker over the demo site served on loopback finds nothing broken, and the
checks really do catch a broken link, a missing #anchor and dead provider websites."""
from __future__ import annotations

import http.server
import threading

import pytest

from sbsite.cli import linkcheck
from sbsite.pipeline import load_site

from conftest import replace_in, run_cli


def test_demo_site_has_no_broken_links_or_anchors(demo_site):
    broken = linkcheck.check_internal(demo_site)
    assert not broken, "Broken links in the demo site:\n" + "\n".join(b.format() for b in broken)


def _tiny_site(root):
    (root / "a").mkdir(parents=True)
    (root / "index.html").write_text(
        '<!doctype html><html lang="en"><head><title>Home</title><link rel="stylesheet" href="style.css"></head><body>\n'
        '<h1 id="top">Home</h1>\n'
        '<a href="a/">A</a> <a href="a/#part">part of A</a> <a href="#top">top</a>\n'
        '<a href="a/#no-such-part">missing part</a>\n'
        '<a href="gone/">gone</a>\n'
        '<a href="#nowhere">nowhere</a>\n'
        '<a href="https://example.invalid/never-fetched">elsewhere</a> <a href="mailto:x@example.org">mail</a> <a href="tel:+441632960000">phone</a>\n'
        "</body></html>\n", encoding="utf-8")
    (root / "style.css").write_text("body { color: #000; }\n", encoding="utf-8")
    (root / "a" / "index.html").write_text(
        '<!doctype html><html lang="en"><head><title>A</title></head><body><h1>A</h1><p id="part">Part</p>'
        '<a href="../">home</a> <a href="../missing.css">missing file</a></body></html>\n', encoding="utf-8")
    return root


def test_broken_links_and_anchors_are_found_with_page_and_line(tmp_path):
    site = _tiny_site(tmp_path / "site")
    broken = linkcheck.check_internal(site)
    found = {(b.page, b.url) for b in broken}
    assert found == {("/", "gone/"), ("/", "a/#no-such-part"), ("/", "#nowhere"), ("/a/", "../missing.css")}, found
    nowhere = next(b for b in broken if b.url == "#nowhere")
    assert nowhere.line == 6 and "#nowhere" in nowhere.reason


def test_make_linkcheck_command_lists_each_broken_link(tmp_path):
    site = _tiny_site(tmp_path / "site")
    result = run_cli("linkcheck", "--site", str(site))
    assert result.returncode == 1
    assert "Found 4 broken links" in result.stderr
    assert "/ (line 5): the link to 'gone/' is broken: 404" in result.stderr
    assert "no part called '#no-such-part'" in result.stderr
    (site / "index.html").write_text('<!doctype html><html lang="en"><head><title>x</title></head><body>'
                                      '<a href="a/#part">ok</a></body></html>', encoding="utf-8")
    replace_in(site / "a" / "index.html", ' <a href="../missing.css">missing file</a>', "")
    ok = run_cli("linkcheck", "--site", str(site))
    assert ok.returncode == 0, ok.stderr
    assert "every link and #anchor" in ok.stdout


def test_linkcheck_without_a_built_site_says_what_to_do(tmp_path):
    result = run_cli("linkcheck", "--site", str(tmp_path / "nothing"))
    assert result.returncode == 1
    assert "Run 'sbsite build' first" in result.stderr


class _Sites(http.server.BaseHTTPRequestHandler):
    """Stands in for providers' websites: /ok works, /gone is 404, /no-head refuses HEAD."""

    def log_message(self, *args):
        pass

    def _answer(self, body: bool):
        if self.path.startswith("/ok") or (self.path.startswith("/no-head") and self.command == "GET"):
            self.send_response(200)
        elif self.path.startswith("/no-head"):
            self.send_response(405)
        else:
            self.send_response(404)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        if body:
            self.wfile.write(b"<p>hello</p>")

    def do_HEAD(self):
        self._answer(False)

    def do_GET(self):
        self._answer(True)


@pytest.fixture
def provider_sites():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Sites)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_external_check_lists_dead_links_by_provider(project, provider_sites):
    providers = project / "providers.yaml"
    replace_in(providers, "      phone: 01632 960100\n", f"      phone: 01632 960100\n      website: {provider_sites}/ok/alpha\n")
    replace_in(providers, "      how: Phone us.\n", f"      how: Phone us or use [our form]({provider_sites}/no-head/form).\n"
                                                    f"      url: {provider_sites}/gone/booking\n")
    replace_in(providers, "      email: beta@example.org\n", f"      email: beta@example.org\n      website: {provider_sites}/gone/beta\n")
    site, problems = load_site(project)
    assert not problems, problems
    report = linkcheck.check_external(site, timeout=5)
    assert not report.offline and report.checked == 4
    dead = {p.id: [r.url for r in results] for p, results in report.dead}
    assert dead == {"alpha-club": [f"{provider_sites}/gone/booking"], "beta-breaks": [f"{provider_sites}/gone/beta"]}

    result = run_cli("linkcheck", "--external", "--timeout", "5", root=project)
    assert result.returncode == 1
    assert "2 of 4 web addresses did not work, for 2 providers" in result.stdout
    assert "Alpha Club (providers.yaml, line " in result.stdout
    assert "404" in result.stdout


def test_external_check_without_a_network_says_so_and_marks_nothing_dead(project):
    providers = project / "providers.yaml"
    replace_in(providers, "      phone: 01632 960100\n", "      phone: 01632 960100\n      website: https://alpha.example.invalid/\n")
    replace_in(providers, "      email: beta@example.org\n", "      email: beta@example.org\n      website: https://beta.example.invalid/\n")
    site, _ = load_site(project)
    report = linkcheck.check_external(site, timeout=5)
    assert report.offline and report.dead == []
    result = run_cli("linkcheck", "--external", "--timeout", "5", root=project)
    assert result.returncode == 3
    assert "probably offline" in result.stderr
    assert "Traceback" not in result.stderr
