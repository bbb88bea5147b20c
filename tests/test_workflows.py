"""The GitHub workflows are valid YAML and run the same make targets as CI (.ci/run)."""
import re

import yaml

from conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"


def load(name):
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict) and isinstance(data.get("jobs"), dict), name
    # YAML 1.1 reads the key 'on' as true; GitHub reads it as 'on'.
    data["on"] = data.get("on", data.get(True))
    return data


def make_targets_in_makefile():
    text = (REPO / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][a-z0-9_-]*):", text, re.M))


def steps(data):
    return [(job, step) for job, spec in data["jobs"].items() for step in spec.get("steps", [])]


def make_calls(data):
    calls = []
    for _, step in steps(data):
        for m in re.finditer(r"\bmake(?:\s+-s)?\s+([a-z][a-z0-9_-]*)", step.get("run", "")):
            calls.append(m.group(1))
    return calls


def ci_targets():
    return re.findall(r"\bmake\s+([a-z][a-z0-9_-]*)", (REPO / ".ci" / "run").read_text(encoding="utf-8"))


def test_every_workflow_is_valid_yaml_and_only_calls_make_targets_that_exist():
    known = make_targets_in_makefile()
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert {f.name for f in files} >= {"pull-request.yml", "publish.yml"}
    for path in files:
        data = load(path.name)
        for job, step in steps(data):
            run = step.get("run", "")
            for line in run.splitlines():
                line = line.strip()
                # Work is done through make, so CI, the workflows and a laptop all do the same thing.
                if re.match(r"(\.venv/bin/|python|pip|pytest|sbsite|mkdocs|linkchecker)\b", line):
                    raise AssertionError(f"{path.name} {job}: run '{line}' through a make target instead")
            if "uses" in step:
                assert re.search(r"@v\d+$", step["uses"]), step["uses"]
        for target in make_calls(data):
            assert target in known, f"{path.name} calls 'make {target}', which is not in the Makefile"


def test_pull_requests_validate_build_test_and_check_links():
    data = load("pull-request.yml")
    assert "pull_request" in data["on"]
    calls = make_calls(data)
    assert {"check", "site", "test", "linkcheck"} <= set(calls)
    assert set(ci_targets()) <= set(calls), "the pull request must run what .ci/run runs"


def test_pull_requests_get_the_validation_messages_as_a_comment():
    data = load("pull-request.yml")
    assert data["permissions"]["pull-requests"] == "write"
    check = data["jobs"]["check"]["steps"]
    run = next(s for s in check if "make -s check" in s.get("run", ""))
    assert "check-output.txt" in run["run"]
    comment = next(s for s in check if s.get("uses", "").startswith("actions/github-script@"))
    script = comment["with"]["script"]
    assert "check-output.txt" in script and "createComment" in script and "updateComment" in script
    # Untrusted pull request text never goes into a script: only the file and a status number.
    for _, step in steps(data):
        text = step.get("run", "") + str(step.get("with", {}).get("script", ""))
        assert "github.event.pull_request.title" not in text and "github.head_ref" not in text
    stop = next(s for s in check if s.get("run", "").strip() == "exit 1")
    assert "status != '0'" in stop["if"]


def test_main_builds_and_deploys_to_github_pages():
    data = load("publish.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    assert "site" in make_calls(data) or "linkcheck" in make_calls(data)
    uses = [step.get("uses", "") for _, step in steps(data)]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert data["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert data["jobs"]["deploy"]["environment"]["name"] == "github-pages"


def test_checkouts_keep_the_history_for_whats_changed():
    for path in WORKFLOWS.glob("*.yml"):
        for _, step in steps(load(path.name)):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step.get("with", {}).get("fetch-depth") == 0, path.name


def test_contributing_and_pull_request_template_exist():
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for words in ("make check", "make site", "make test", "make linkcheck", "How to fix", "line"):
        assert words in guide, words
    template = (REPO / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert "reviewed" in template and "CONTRIBUTING.md" in template
