"""The command line: exit codes and messages, never a traceback."""
from conftest import run_cli, replace_in


def test_check_valid_project(project):
    result = run_cli("check", root=project)
    assert result.returncode == 0 and "All good: 2 providers" in result.stdout


def test_check_invalid_project_exits_1_with_file_and_line(project):
    replace_in(project / "providers.yaml", "ages: {min: 5, max: 11}", "ages: {min: 12, max: 11}")
    result = run_cli("check", root=project)
    assert result.returncode == 1
    assert "providers.yaml, line 8" in result.stderr and "How to fix:" in result.stderr
    assert "Traceback" not in result.stderr


def test_wrong_usage_exits_2():
    assert run_cli("no-such-command").returncode == 2
    assert run_cli("build", "--no-such-flag").returncode == 2


def test_yaml_syntax_error_is_explained(project):
    (project / "providers.yaml").write_text("providers:\n  - id: a\n    name: [unclosed\n")
    result = run_cli("check", root=project)
    assert result.returncode == 1 and "providers.yaml, line" in result.stderr and "Traceback" not in result.stderr


def test_missing_file(project):
    (project / "content" / "tiers.yaml").unlink()
    result = run_cli("check", root=project)
    assert result.returncode == 1 and "content/tiers.yaml: This file is missing." in result.stderr
