"""`sbsite new-provider`: a valid, commented entry appended; the rest of providers.yaml byte-identical."""
import subprocess
import sys

import pytest

from sbsite.cli import new_provider
from sbsite.load.loader import load_text
from sbsite.pipeline import load_site

from conftest import REPO, run_cli

FLAGS = ["--name", "Oak Tree Swimming", "--summary", "Swimming lessons for disabled children.",
         "--tier", "open-tier", "--break-type", "activities", "--min-age", "4", "--max-age", "16",
         "--needs", "physical-disability,sensory", "--area", "north", "--venue", "Oak Tree Pool",
         "--postcode", "FV1 1AA", "--cost", "4.50", "--per", "session", "--booking-route", "book-direct",
         "--booking-how", "Phone the pool.", "--phone", "01632 960777"]


def run_with_input(project, text, *args):
    return subprocess.run([sys.executable, "-m", "sbsite", "--root", str(project), "new-provider", *args],
                          input=text, capture_output=True, text=True, cwd=REPO, timeout=120)


def test_flags_append_a_valid_entry_and_keep_every_existing_byte(project):
    before = (project / "providers.yaml").read_bytes()
    result = run_cli("new-provider", *FLAGS, root=project)
    assert result.returncode == 0, result.stderr
    after = (project / "providers.yaml").read_bytes()
    assert after.startswith(before) and len(after) > len(before)
    assert run_cli("check", root=project).returncode == 0
    site, problems = load_site(project)
    p = next(p for p in site.providers if p.id == "oak-tree-swimming")
    assert p.name == "Oak Tree Swimming" and p.ages == (4, 16) and p.cost.amount == 4.5 and p.cost.per == "session"
    assert p.venues[0].postcode == "FV1 1AA" and p.venues[0].area == "north" and p.contact["phone"] == "01632 960777"
    assert p.needs == ("physical-disability", "sensory") and p.description == p.summary
    lines = after.decode().splitlines()
    assert lines[p.line - 1].strip() == "- id: oak-tree-swimming"
    assert f"line {p.line}" in result.stdout
    added = after[len(before):].decode()
    assert "# Added with 'sbsite new-provider'" in added and "# sessions:" in added  # commented for the next editor


def test_the_demo_file_keeps_its_comments_and_layout(tmp_path):
    import shutil
    root = tmp_path / "demo"
    root.mkdir()
    shutil.copy(REPO / "providers.yaml", root)
    shutil.copytree(REPO / "content", root / "content")
    before = (root / "providers.yaml").read_bytes()
    result = run_cli("new-provider", "--yes", "--name", "Oak Tree Swimming", "--summary", "Swimming.",
                     "--tier", "universal", "--break-type", "activities", "--min-age", "4", "--max-age", "16",
                     "--needs", "sensory", "--area", "brookford", "--free", "--booking-route", "book-direct",
                     "--booking-how", "Phone.", "--email", "oak@example.org", root=root)
    assert result.returncode == 0, result.stderr
    after = (root / "providers.yaml").read_bytes()
    assert after[: len(before)] == before
    assert run_cli("check", root=root).returncode == 0
    assert b"\n\n  # Added with" in after[len(before) - 1:]  # same two-space list indent as the file


def test_questions_asked_when_flags_are_missing(project):
    answers = "\n".join([
        "Gamma Club",      # name
        "",                # id: accept gamma-club
        "",                # organisation
        "A club for everyone.",
        "",                # description: use the summary
        "9", "1",          # tier: a wrong number first, then the first tier
        "activities",      # break type
        "5", "12",         # ages
        "autism, 4",       # needs by id and by number
        "2",               # area: south
        "",                # no venue: comes to you
        "maybe", "no",     # free? (asked again after a wrong answer)
        "",                # no price
        "self-referral",
        "Call us.",
        "", "",            # booking url, contact name
        "12345", "01632 960555",  # phone: rejected, then accepted
        "", "",            # email, website
        "",                # reviewed by: the provider
    ]) + "\n"
    result = run_with_input(project, answers)
    assert result.returncode == 0, result.stderr
    assert "'9' is not one of the choices" in result.stderr
    assert "Type yes or no." in result.stderr
    assert "'12345' does not look like a UK phone number" in result.stderr
    site, problems = load_site(project)
    p = next(p for p in site.providers if p.id == "gamma-club")
    assert p.tiers == ("open-tier",) and p.areas_served == ("south",) and p.needs == ("autism", "semh")
    assert p.cost.free is False and p.contact["phone"] == "01632 960555" and p.reviewed_by == "Gamma Club"


def test_stopping_early_changes_nothing(project):
    before = (project / "providers.yaml").read_bytes()
    result = run_with_input(project, "Gamma Club\n\n")
    assert result.returncode == 2 and "Nothing was added" in result.stderr
    assert (project / "providers.yaml").read_bytes() == before


def test_duplicate_id_is_refused_with_a_clear_message(project):
    before = (project / "providers.yaml").read_bytes()
    flags = [f if f != "Oak Tree Swimming" else "Alpha Club 2" for f in FLAGS]
    result = run_cli("new-provider", "--id", "alpha-club", *flags, root=project)
    assert result.returncode == 1
    assert "There is already a provider with the id 'alpha-club' (providers.yaml, line 2: Alpha Club)" in result.stderr
    assert (project / "providers.yaml").read_bytes() == before


def test_duplicate_id_asked_again_interactively(project):
    result = run_with_input(project, "Alpha Club 2\nalpha-club\nalpha-two\n" + "\n" * 8, *FLAGS[2:])
    assert result.returncode == 0, result.stderr
    assert "already a provider with the id 'alpha-club'" in result.stderr
    assert "alpha-two" in {p.id for p in load_site(project)[0].providers}


def test_yes_with_missing_answers_is_a_usage_error(project):
    before = (project / "providers.yaml").read_bytes()
    result = run_cli("new-provider", "--yes", "--name", "Gamma", root=project)
    assert result.returncode == 2
    assert "These answers are missing: --summary" in result.stderr and "--booking-how" in result.stderr
    assert (project / "providers.yaml").read_bytes() == before


def test_answers_are_checked_with_the_schema_and_formats(project):
    before = (project / "providers.yaml").read_bytes()
    bad = list(FLAGS)
    bad[bad.index("--phone") + 1] = "12345"
    bad[bad.index("--postcode") + 1] = "fv1"
    bad[bad.index("--area") + 1] = "nroth"
    bad[bad.index("--summary") + 1] = "x" * 250
    result = run_cli("new-provider", "--yes", *bad, root=project)
    assert result.returncode == 1
    err = result.stderr
    assert "does not look like a UK phone number" in err and "'postcode'" in err
    assert "Did you mean 'north'?" in err and "the most we allow is 200" in err
    assert (project / "providers.yaml").read_bytes() == before


def test_refuses_to_add_to_a_project_with_problems(project):
    (project / "content/tiers.yaml").unlink()
    before = (project / "providers.yaml").read_bytes()
    result = run_cli("new-provider", *FLAGS, root=project)
    assert result.returncode == 1 and "content/tiers.yaml: This file is missing." in result.stderr
    assert (project / "providers.yaml").read_bytes() == before


def test_windows_line_endings_and_no_final_newline(project):
    path = project / "providers.yaml"
    text = path.read_text().rstrip("\n").replace("\n", "\r\n")
    path.write_bytes(text.encode())
    before = path.read_bytes()
    result = run_cli("new-provider", *FLAGS, root=project)
    assert result.returncode == 0, result.stderr
    after = path.read_bytes()
    assert after.startswith(before) and b"\n" not in after.replace(b"\r\n", b"")
    assert run_cli("check", root=project).returncode == 0


def test_a_flow_style_list_is_not_touched(project):
    (project / "providers.yaml").write_text("providers: [{id: a}]\n")
    with pytest.raises(new_provider.NewProviderError, match="cannot be added to the end"):
        new_provider.inspect(project)


@pytest.mark.parametrize("value", [
    "Club: the sequel", "Fun #1", 'He said "hi"', "It's 'ours'", "no", "yes", "2026", "12:30", "café £3",
    "- dash", "[brackets]", "{braces}", "*star", "&amp", "!bang", "@at", "%pc", "`tick`", "a\\b", " lead",
    "trail ", "tab\there", "line\u2028sep", "x\x7fy", "> quote", "| pipe", "~", "null", "0x1F", "1e3",
])
def test_awkward_text_is_written_so_it_reads_back_exactly(value):
    assert load_text(f"k: {new_provider.scalar(value)}\n", "t", None).data["k"] == value


@pytest.mark.parametrize("value", ["One\nTwo\n", "One\nTwo", "One\n\nTwo\n", "  indented\nx", "a\nb  \nc",
                                   "ends\n\n\n", "#hash\n: colon\n"])
def test_awkward_blocks_read_back_exactly(value):
    text = "k: " + new_provider.block(value, "  ") + "\n"
    assert load_text(text, "t", None).data["k"] == value
