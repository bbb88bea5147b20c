"""The easy read and story pictures come from sbsite's own copy of the icons in use (sbsite/data/icons/)."""
import subprocess
import sys

import yaml

from sbsite.features.easy_read import easy_read
from sbsite.core import icons
from sbsite.pipeline import load_site

from conftest import REPO, replace_in, run_cli
from test_story import STORY, with_story

NOT_SHIPPED = "rocket-launch"


def test_every_icon_the_demo_and_pictures_yaml_use_is_in_the_package():
    pictures = yaml.safe_load((REPO / "sbsite" / "data" / "pictures.yaml").read_text(encoding="utf-8"))["pictures"]
    site, problems = load_site(REPO)
    assert problems == []
    used = {entry["icon"] for entry in pictures.values()} | set(easy_read.used_icons(site))
    used |= {step.icon for p in site.providers for step in p.story if step.icon}
    assert {"silverware-fork-knife", "cup-water"} <= used  # the demo's stories name icons directly
    assert sorted(name for name in used if not icons.exists(name)) == []
    assert easy_read.icon_dir() == icons.ICON_DIR
    assert "Pictogrammers" in icons.licence() and "Apache" in icons.licence()


def test_the_package_holds_exactly_the_icons_in_use():
    result = subprocess.run([sys.executable, str(REPO / "tools" / "vendor_icons.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr + "\nRun: python tools/vendor_icons.py"


def test_a_story_icon_not_in_the_set_is_a_problem_with_file_line_and_suggestion(project):
    with_story(project, STORY.replace("picture: car", "picture: carr"))
    result = run_cli("check", root=project)
    assert result.returncode == 1
    out = result.stdout + result.stderr
    line = (project / "providers.yaml").read_text(encoding="utf-8").splitlines().index("        picture: carr") + 1
    assert f"providers.yaml, line {line}" in out or f"providers.yaml:{line}" in out, out
    assert "There is no picture called 'carr'. Did you mean 'car'?" in out
    # A real Material Design Icon that sbsite does not ship is refused the same way. (The name is
    # kept out of a `picture: name` string, which tools/vendor_icons.py would count as in use.)
    assert not icons.exists(NOT_SHIPPED)
    replace_in(project / "providers.yaml", "picture: carr", f"picture: {NOT_SHIPPED}")
    result = run_cli("check", root=project)
    out = result.stdout + result.stderr
    assert f"There is no picture called '{NOT_SHIPPED}'." in out and "sbsite/data/pictures.yaml" in out
