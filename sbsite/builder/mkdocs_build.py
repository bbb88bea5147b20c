"""One MkDocs build of a Markdown tree into a site, from a config written beside the tree.

The config is the project's mkdocs.yml (theme, Markdown extensions, checks) with the
site's name, address and navigation filled in, and `docs_dir` and `site_dir` relative
to the config file's folder, so MkDocs, ProperDocs and Zensical can all read it.
"""
from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

from .facts import BuildError, SiteFacts


@contextlib.contextmanager
def environment(epoch: str, warnings: list[str]):
    """The build date, and MkDocs' warnings collected into `warnings`, for one build.

    The date is set only for this build: a later build in the same process (sbsite serve)
    must not mistake it for one the user set (freshness.build_date reads it as "today").
    """
    own_epoch = "SOURCE_DATE_EPOCH" not in os.environ
    os.environ.setdefault("SOURCE_DATE_EPOCH", epoch)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner: we know, see README

    class Collect(logging.Handler):
        def emit(self, record):
            if record.levelno >= logging.WARNING:
                warnings.append(record.getMessage())

    handler = Collect()
    log = logging.getLogger("mkdocs")
    log.addHandler(handler)
    try:
        yield
    finally:
        log.removeHandler(handler)
        if own_epoch:
            os.environ.pop("SOURCE_DATE_EPOCH", None)


def config_text(project_config: Path, config_file: Path, docs_dir: Path, site_dir: Path, facts: SiteFacts) -> str:
    """The MkDocs config sbsite builds with, for a file at `config_file`."""
    import yaml
    from mkdocs.utils.yaml import yaml_load

    project_config, config_file = Path(project_config).resolve(), Path(config_file).resolve()
    with open(project_config, encoding="utf-8") as f:
        cfg = yaml_load(f) or {}
    here = config_file.parent
    cfg.update(docs_dir=os.path.relpath(Path(docs_dir).resolve(), here),
               site_dir=os.path.relpath(Path(site_dir).resolve(), here),
               nav=facts.nav, site_name=facts.name, site_url=facts.url)
    theme = cfg.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str((project_config.parent / theme["custom_dir"]).resolve())
    return yaml.dump(cfg, sort_keys=False, allow_unicode=True)


def write_config(project_config: Path, config_file: Path, docs_dir: Path, site_dir: Path, facts: SiteFacts) -> Path:
    config_file = Path(config_file)
    if config_file.resolve() == Path(project_config).resolve():
        raise ValueError(f"{config_file} is the project's own config: the built one goes beside the tree")
    config_file.parent.mkdir(parents=True, exist_ok=True)
    config_file.write_text(config_text(project_config, config_file, docs_dir, site_dir, facts), encoding="utf-8")
    return config_file


def build_site(project_config: Path, docs_dir: Path, site_dir: Path, facts: SiteFacts, strict: bool = True) -> None:
    """Write the config beside the tree (docs_dir's parent folder, mkdocs.yml) and build from it."""
    from mkdocs.commands.build import build as mk_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    from .parallel import WorkerFailed, parallel_pages

    config_file = write_config(project_config, Path(docs_dir).parent / "mkdocs.yml", docs_dir, site_dir, facts)
    warnings: list[str] = []
    with environment(facts.epoch, warnings):
        try:
            cfg = load_config(config_file=str(config_file), strict=strict)
            with parallel_pages(cfg):
                mk_build(cfg)
        except (Abort, ConfigurationError, WorkerFailed) as exc:
            raise BuildError("\n".join(warnings) or str(exc)) from None
