"""What's changed: built from the git history of the data, and a build that still works without it."""
import os
import shutil
import subprocess

import pytest

from sbsite.features.changes import changes
from sbsite.render import engine as render
from sbsite.pipeline import load_site

from conftest import REPO, replace_in, run_cli

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(root, *args, when="2026-03-02T10:00:00+00:00"):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_AUTHOR_NAME="Forum member", GIT_AUTHOR_EMAIL="forum@example.org", GIT_COMMITTER_NAME="Council",
               GIT_COMMITTER_EMAIL="council@example.org", GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when,
               HOME=str(root), GIT_CONFIG_NOSYSTEM="1")
    return subprocess.run(["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args], cwd=root,
                          env=env, check=True, capture_output=True, text=True).stdout


def commit(root, message, when):
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, when=when)


@pytest.fixture
def repo(project):
    """The minimal project as a git repository with a short, dated history."""
    git(project, "init", "-q")
    commit(project, "First version", "2026-03-02T10:00:00+00:00")
    # A content change to Alpha Club, and a new provider.
    replace_in(project / "providers.yaml", "summary: A small test club.", "summary: A small, friendly test club.")
    text = (project / "providers.yaml").read_text()
    gamma = text[text.index("  - id: beta-breaks"):].replace("beta-breaks", "gamma-group").replace("Beta Breaks", "Gamma Group")
    (project / "providers.yaml").write_text(text + gamma)
    commit(project, "Update Alpha, add Gamma", "2026-04-15T09:30:00+01:00")
    # Only the reviewed date of Beta Breaks changes; a Local Offer page is edited; a you-said item moves on.
    replace_in(project / "providers.yaml", "      date: 2026-02-01\n      by: Beta team",
               "      date: 2026-05-01\n      by: Beta team")
    replace_in(project / "content/pages/help.md", "\n---\n", "\n---\nNew first line.\n")
    replace_in(project / "content/you-said-we-did.yaml", "status: in-progress", "status: done")
    commit(project, "Checks", "2026-05-20T16:00:00+00:00")
    return project


def tree(root):
    site, problems = load_site(root)
    assert problems == [], problems
    return site, render.render_tree(site)


def test_changes_page_lists_changes_in_plain_words_with_dates(repo):
    _, t = tree(repo)
    page = t["changes.md"]
    may, april, march = page.index("## 20 May 2026"), page.index("## 15 April 2026"), page.index("## 2 March 2026")
    assert may < april < march  # newest first
    assert "[New provider&#58; Gamma Group](providers/gamma-group.md)" in page[april:march]
    assert "[Alpha Club listing updated](providers/alpha-club.md)" in page[april:march]
    assert "Beta Breaks listing checked and still up to date" in page[may:april]
    assert "Page updated&#58; Help page" in page[may:april] or "Page updated&#58; " in page[may:april]
    assert "You said, we did&#58; Sessions are too far away is now done" in page[may:april]
    assert "The directory was published with 2 listings" in page[march:]
    assert "history of changes is not available" not in page


def test_provider_pages_show_when_they_last_changed(repo):
    site, t = tree(repo)
    assert "This listing last changed on 15 April 2026" in t["providers/alpha-club.md"]
    assert "This listing last changed on 15 April 2026" in t["providers/gamma-group.md"]
    assert "This listing last changed on 20 May 2026" in t["providers/beta-breaks.md"]
    got = changes.site_history(site).provider_changed
    assert got == {"alpha-club": changes.date(2026, 4, 15), "beta-breaks": changes.date(2026, 5, 20),
                   "gamma-group": changes.date(2026, 4, 15)}


def test_history_is_deterministic_and_ignores_uncommitted_edits(repo):
    _, first = tree(repo)
    replace_in(repo / "providers.yaml", "summary: A small, friendly test club.", "summary: Not committed yet.")
    replace_in(repo / "content/pages/help.md", "New first line.", "Not committed either.")
    _, second = tree(repo)
    assert first["changes.md"] == second["changes.md"]
    assert "This listing last changed on 15 April 2026" in second["providers/alpha-club.md"]
    # Listings are named as they are now, so a renamed provider is easy to recognise.
    replace_in(repo / "providers.yaml", "name: Alpha Club", "name: Alpha Club Renamed")
    assert "[Alpha Club Renamed listing updated](providers/alpha-club.md)" in tree(repo)[1]["changes.md"]


def test_a_merged_pull_request_counts_from_the_merge(repo):
    git(repo, "checkout", "-q", "-b", "forum-edit")
    replace_in(repo / "providers.yaml", "how: Phone us.", "how: Phone or text us.")
    commit(repo, "Forum suggestion", "2026-06-01T10:00:00+00:00")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "-m", "Merge forum suggestion", "forum-edit", when="2026-06-08T10:00:00+00:00")
    _, t = tree(repo)
    assert "This listing last changed on 8 June 2026" in t["providers/alpha-club.md"]
    page = t["changes.md"]
    assert page.index("## 8 June 2026") < page.index("Alpha Club listing updated") < page.index("## 20 May 2026")
    assert "1 June 2026" not in page


def no_change_claim(page):
    """Without history a listing says when it was checked, and nothing about when it changed:
    its reviewed date is when someone checked it, not when it changed."""
    return ("This listing was last checked on" in page and "last changed" not in page
            and "last updated" not in page and "has not changed since" not in page)


def test_without_git_history_the_page_says_so_and_pages_say_nothing_wrong(project):
    # `project` is a plain folder (like an unpacked tarball), not a git repository.
    _, t = tree(project)
    assert "The history of changes is not available for this copy of the site" in t["changes.md"]
    assert no_change_claim(t["providers/alpha-club.md"])


def test_without_git_installed(repo, monkeypatch):
    monkeypatch.setattr(changes.shutil, "which", lambda name: None)
    _, t = tree(repo)
    assert "git is not installed" in t["changes.md"]
    assert no_change_claim(t["providers/alpha-club.md"])


def test_a_repository_where_providers_yaml_was_never_committed(project):
    git(project, "init", "-q")
    (project / "notes.txt").write_text("x")
    git(project, "add", "notes.txt")
    git(project, "commit", "-q", "-m", "Unrelated")
    _, t = tree(project)
    assert "not available" in t["changes.md"]


def demo_copy(tmp_path):
    root = tmp_path / "proj"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(".venv*", "site", "build", ".git", ".preview", "tests",
                                                              ".sbsite-*", "bench", "*.egg-info", ".pytest_cache"))
    return root


def test_build_works_from_a_tarball_copy_and_from_git(tmp_path):
    root = demo_copy(tmp_path)
    out = tmp_path / "site"
    result = run_cli("build", "--out", str(out), root=root)
    assert result.returncode == 0, result.stderr
    assert "history of changes is not available" in (out / "changes" / "index.html").read_text()
    assert no_change_claim((out / "providers" / "riverside-inclusive-youth-club" / "index.html").read_text())

    git(root, "init", "-q")
    commit(root, "Publish", "2026-10-01T08:00:00+00:00")
    replace_in(root / "providers.yaml", "A friendly evening youth club", "A friendly youth club")
    commit(root, "Riverside edit", "2026-10-05T08:00:00+00:00")
    result = run_cli("build", "--out", str(out), root=root)
    assert result.returncode == 0, result.stderr
    html = (out / "changes" / "index.html").read_text()
    assert "5 October 2026" in html and 'href="../providers/riverside-inclusive-youth-club/"' in html
    assert "Riverside Inclusive Youth Club listing updated" in html
    assert "This listing last changed on 5 October 2026" in \
        (out / "providers" / "riverside-inclusive-youth-club" / "index.html").read_text()
    # Every other entry is as it was published: the publication is not when it changed.
    assert "has not changed since this directory was published on 1 October 2026" in \
        (out / "providers" / "sunflower-holiday-scheme" / "index.html").read_text()


def test_many_changes_in_one_commit_are_summarised(repo):
    text = (repo / "providers.yaml").read_text()
    extra = "".join(text[text.index("  - id: beta-breaks"):text.index("  - id: gamma-group")]
                    .replace("beta-breaks", f"extra-{n}").replace("Beta Breaks", f"Extra {n:02d}") for n in range(15))
    (repo / "providers.yaml").write_text(text + extra)
    commit(repo, "Many new", "2026-07-01T10:00:00+00:00")
    _, t = tree(repo)
    assert "15 new providers, including&#58; New provider&#58; Extra 00" in t["changes.md"]


def test_removed_and_renamed_entries(repo):
    text = (repo / "providers.yaml").read_text()
    start = text.index("  - id: gamma-group")
    (repo / "providers.yaml").write_text(text[:start].replace("id: beta-breaks", "id: beta-overnights"))
    commit(repo, "Remove Gamma, new id for Beta", "2026-08-03T10:00:00+00:00")
    _, t = tree(repo)
    day = t["changes.md"][t["changes.md"].index("## 3 August 2026"):t["changes.md"].index("## 20 May 2026")]
    assert "- Gamma Group listing removed" in day
    assert "[Beta Breaks listing updated &#40;its web address changed&#41;](providers/beta-overnights.md)" in day
    assert "New provider" not in day and "beta" not in day.replace("Beta Breaks", "").replace("beta-overnights", "")


def test_a_long_id_in_a_shortened_hunk_header(repo):
    long_id = "alpha-" + "x" * 74
    replace_in(repo / "providers.yaml", "id: alpha-club", f"id: {long_id}")
    commit(repo, "Long id", "2026-08-10T10:00:00+00:00")
    replace_in(repo / "providers.yaml", "summary: A small, friendly test club.", "summary: Changed again.")
    commit(repo, "Change", "2026-08-11T10:00:00+00:00")
    _, t = tree(repo)
    day = t["changes.md"][t["changes.md"].index("## 11 August 2026"):]
    assert f"[Alpha Club listing updated](providers/{long_id}.md)" in day[: day.index("## ", 5)]


def test_other_content_is_described_in_plain_words(repo):
    (repo / "content/easy-read").mkdir(exist_ok=True)
    (repo / "content/easy-read/home.yaml").write_text("x: 1\n")
    (repo / "content/providers/alpha-club/photos").mkdir(parents=True)
    (repo / "content/providers/alpha-club/photos/hall.png").write_bytes(b"\x89PNG")
    (repo / "content/glossary.yaml").write_text("words: []\n")
    commit(repo, "Pictures", "2026-09-01T10:00:00+00:00")
    h = changes.history(repo, {"alpha-club": "Alpha Club"}, set())
    texts = [c.text for c in h.changes if c.when == changes.date(2026, 9, 1)]
    assert texts == ["The easy read word list was updated", "The easy read pages were updated",
                     "Photos and pictures updated for Alpha Club"]
    assert all("content/" not in c.text for c in h.changes)


def test_an_entry_unchanged_since_publication_is_not_dated_by_the_publication(project):
    """The commit that publishes providers.yaml is not when each entry changed: its content is
    older. Such an entry says it has not changed since then; one edited later gets the edit's date,
    and a comment added inside an entry is not a change a family would see."""
    git(project, "init", "-q")
    commit(project, "Publish", "2026-03-02T10:00:00+00:00")
    replace_in(project / "providers.yaml", "summary: A small test club.", "summary: A small, friendly test club.")
    commit(project, "Alpha edit", "2026-04-15T09:30:00+01:00")
    replace_in(project / "providers.yaml", "  - id: beta-breaks\n", "  - id: beta-breaks\n    # checked by phone\n")
    commit(project, "A comment", "2026-05-01T10:00:00+00:00")
    site, t = tree(project)
    assert "This listing last changed on 15 April 2026" in t["providers/alpha-club.md"]
    beta = t["providers/beta-breaks.md"]
    assert "This listing has not changed since this directory was published on 2 March 2026" in beta
    assert "last changed" not in beta
    h = changes.site_history(site)
    assert h.provider_changed == {"alpha-club": changes.date(2026, 4, 15)}
    assert h.provider_since == {"beta-breaks": changes.date(2026, 3, 2)}


def test_a_shallow_clone_never_dates_entries_by_its_cut_off(repo, tmp_path):
    """CI often clones only the newest commits. Lines older than the clone's history are
    blamed on its oldest commit; that date is not when they changed, so it is never shown."""
    one = tmp_path / "one"
    git(tmp_path, "clone", "-q", "--depth", "1", repo.as_uri(), str(one))
    site, t = tree(one)
    for ident in ("alpha-club", "beta-breaks", "gamma-group"):
        assert no_change_claim(t[f"providers/{ident}.md"]), ident
    two = tmp_path / "two"
    git(tmp_path, "clone", "-q", "--depth", "2", repo.as_uri(), str(two))
    site, t = tree(two)
    # Beta's reviewed date changed in the newest commit, inside the clone's history: a true date.
    assert "This listing last changed on 20 May 2026" in t["providers/beta-breaks.md"]
    assert no_change_claim(t["providers/alpha-club.md"])  # its last change was at the cut-off
    assert changes.site_history(site).shallow


def test_each_entry_is_dated_by_its_own_lines(project):
    """An edit to one entry never changes another entry's date (not the file's last commit)."""
    git(project, "init", "-q")
    commit(project, "Publish", "2026-03-02T10:00:00+00:00")
    replace_in(project / "providers.yaml", "summary: A small test club.", "summary: A small, friendly test club.")
    commit(project, "Alpha", "2026-04-15T10:00:00+00:00")
    replace_in(project / "providers.yaml", "how: Phone us.", "how: Phone or text us.")
    commit(project, "Alpha again", "2026-06-01T10:00:00+00:00")
    text = (project / "providers.yaml").read_text()
    i = text.index("  - id: beta-breaks")
    (project / "providers.yaml").write_text(text[:i] + text[i:].replace("date: 2026-02-01", "date: 2026-06-20", 1))
    commit(project, "Beta checked", "2026-06-20T10:00:00+00:00")
    _, t = tree(project)
    assert "This listing last changed on 1 June 2026" in t["providers/alpha-club.md"]
    assert "This listing last changed on 20 June 2026" in t["providers/beta-breaks.md"]
