"""The live preview rebuilds when data changes, and keeps the last good preview on mistakes."""
import shutil
import threading
import time
import urllib.request

from sbsite.serve import serve

from conftest import REPO, replace_in


def fetch(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=10) as r:
        return r.read().decode()


def wait_for(check, timeout=60):
    end = time.time() + timeout
    while time.time() < end:
        if check():
            return True
        time.sleep(0.3)
    return False


def test_serve_rebuilds_on_change_and_survives_bad_data(tmp_path):
    root = tmp_path / "proj"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(".venv*", "site", "build", ".git", ".preview", "tests"))
    stop, ports = threading.Event(), []
    thread = threading.Thread(target=serve, kwargs=dict(root=root, port=0, interval=0.2, stop=stop, on_ready=ports.append))
    thread.start()
    try:
        assert wait_for(lambda: ports)
        port = ports[0]
        assert "Riverside Inclusive Youth Club" in fetch(port, "providers/riverside-inclusive-youth-club/")
        replace_in(root / "providers.yaml", "name: Riverside Inclusive Youth Club", "name: Riverside Renamed Club")
        assert wait_for(lambda: "Riverside Renamed Club" in fetch(port, "providers/riverside-inclusive-youth-club/"))
        replace_in(root / "providers.yaml", "ages: {min: 11, max: 19}", "ages: {min: 30, max: 19}")
        time.sleep(3)
        assert "Riverside Renamed Club" in fetch(port, "providers/riverside-inclusive-youth-club/")
    finally:
        stop.set()
        thread.join(timeout=30)


def test_incremental_render_redoes_only_what_a_provider_edit_touches(project, monkeypatch):
    from sbsite.render import engine as render
    from sbsite.pipeline import load_site

    from sbsite.core.memory import PreviewMemory
    from conftest import replace_in as edit

    memory = PreviewMemory()  # as the preview loads and renders
    site, _ = load_site(project, memory=memory)
    full, state = render.render_incremental(site, None)
    assert memory.search and memory.entries
    edit(project / "providers.yaml", "summary: A small test club.", "summary: A changed test club.")
    site2, _ = load_site(project, memory=memory)
    redone = []
    real = render._render_one
    monkeypatch.setattr(render, "_render_one", lambda env, s, paths, spec: redone.append(spec.path) or real(env, s, paths, spec))
    again, _ = render.render_incremental(site2, state)
    monkeypatch.setattr(render, "_render_one", real)
    assert "providers/alpha-club.md" in redone and "providers/beta-breaks.md" not in redone
    assert len(redone) < len(again)
    fresh, _ = load_site(project)  # as `sbsite build` loads: nothing remembered
    assert again == render.render_tree(fresh)  # the same as a full render
    assert again["providers/alpha-club.md"] != full["providers/alpha-club.md"]
    assert again["providers/beta-breaks.md"] == full["providers/beta-breaks.md"]
