"""The builder: turns a folder of Markdown pages into the finished site.

Everything in sbsite that imports MkDocs or Material is in this package
(tests/test_shape.py keeps it so): moving to another builder, such as ProperDocs
or Zensical, means changing this folder only. The rest of sbsite uses just this:

- `SiteFacts(name, url, nav, epoch)`: what the builder needs from the data.
- `build_site(project_config, docs_dir, site_dir, facts, strict=True)`: build the
  Markdown tree in `docs_dir` into `site_dir`, with the theme and extensions of the
  project's mkdocs.yml (`project_config`). The config it builds with is written
  beside the tree (`docs_dir`'s parent folder, mkdocs.yml), with `docs_dir` and
  `site_dir` relative to it. Raises `BuildError` with MkDocs' warnings when it fails;
  `strict=False` lets warnings pass. Large sites convert and write pages on every core.
- `write_config(project_config, config_file, docs_dir, site_dir, facts)`: write that
  config on its own, so `mkdocs build -f FILE` (or `properdocs build -f FILE`)
  rebuilds the same site without sbsite.
- `LiveSite`, for the live preview: `LiveSite.full_build(project_config, docs_dir,
  site_dir, facts, put_in_place)` builds everything and remembers MkDocs' state;
  `live.update(paths, epoch)` redoes just those files of the tree, exactly as a full
  build would, or returns False when only a full build can be right.

MkDocs is imported only when a build runs, so checking the data never loads it.
"""
from __future__ import annotations

from pathlib import Path

from .facts import BuildError, SiteFacts

__all__ = ["BuildError", "LiveSite", "SiteFacts", "build_site", "write_config"]


def build_site(project_config: Path, docs_dir: Path, site_dir: Path, facts: SiteFacts, strict: bool = True) -> None:
    """Build the tree in `docs_dir` into `site_dir` (see the module's description)."""
    from .mkdocs_build import build_site as run

    run(project_config, docs_dir, site_dir, facts, strict=strict)


def write_config(project_config: Path, config_file: Path, docs_dir: Path, site_dir: Path, facts: SiteFacts) -> Path:
    """Write the config that builds `docs_dir` into `site_dir` to `config_file`; return its path."""
    from .mkdocs_build import write_config as write

    return write(project_config, config_file, docs_dir, site_dir, facts)


def __getattr__(name: str):
    if name == "LiveSite":  # imports MkDocs: only for the preview
        from .live import LiveSite

        return LiveSite
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
