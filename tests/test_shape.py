"""Tests that keep the code's shape: only sbsite/builder/ imports MkDocs or Material; no
module imports back into the modules that import it (no import cycles inside sbsite); the
stages (core, load, render, builder) never import a feature; and a feature uses another
only through that feature's face (its __init__.py), never its modules.

Imports are read from the source with ast, including imports inside functions (a lazy
import is still a dependency) but not those under `if TYPE_CHECKING:`.
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path


from conftest import REPO

PACKAGE = REPO / "sbsite"
BUILDER = PACKAGE / "builder"
BUILDER_ONLY = {"mkdocs", "material", "properdocs", "zensical"}  # the site generators and their themes


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    """sbsite's modules, without the tests kept in each feature's tests/ folder (a test may
    import whatever it checks)."""
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if "tests" not in p.relative_to(PACKAGE).parts}


def _runtime_nodes(tree: ast.AST):
    """Every node, leaving out the bodies of `if TYPE_CHECKING:` (imports for type hints only)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                stack.extend(child.orelse)
            else:
                stack.append(child)


def imports(path: Path) -> list[tuple[int, str, list[str]]]:
    """(line, absolute module, names imported from it) for every import in a file."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((node.lineno, target, [alias.name for alias in node.names]))
        elif isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute)):
            func = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
            if func in {"import_module", "__import__"} and node.args and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str) and not node.args[0].value.startswith("."):
                found.append((node.lineno, node.args[0].value, []))
    return sorted(found)


def import_graph(known: dict[str, Path]) -> dict[str, set[str]]:
    """Which sbsite modules each sbsite module imports. `from .pkg import name` counts as
    importing pkg.name when that is a module, else pkg itself."""
    graph: dict[str, set[str]] = {name: set() for name in known}
    for name, path in known.items():
        for _, target, names in imports(path):
            if target not in known:
                continue
            subs = [f"{target}.{n}" for n in names if f"{target}.{n}" in known]
            graph[name].update(subs)
            if len(subs) < len(names) or not names:
                graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every group of modules that import each other, directly or round a loop (Tarjan's
    strongly connected components of two or more, or a module importing itself), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1 or node in graph.get(node, ()):
                        found.append(sorted(group))
    return sorted(found)


def loop_in(group: list[str], graph: dict[str, set[str]]) -> list[str]:
    """One loop through a group, to show in a failure: a -> b -> ... -> a."""
    members, path, seen = set(group), [group[0]], {group[0]}
    while True:
        nxt = sorted(n for n in graph[path[-1]] if n in members)
        ahead = [n for n in nxt if n not in seen]
        if group[0] in nxt and len(path) > 1 or not ahead:
            return path + [group[0] if group[0] in nxt else nxt[0]]
        path.append(ahead[0])
        seen.add(ahead[0])


def test_only_the_builder_imports_mkdocs_or_material():
    found = []
    for name, path in modules().items():
        if path.is_relative_to(BUILDER):
            continue
        for line, target, _ in imports(path):
            if target.split(".")[0] in BUILDER_ONLY:
                found.append(f"{path.relative_to(REPO)}:{line} imports {target}")
    assert found == [], "Only sbsite/builder/ may import a site generator; use sbsite.builder's interface:\n" \
        + "\n".join(found)


def test_the_import_reader_sees_imports_inside_functions(tmp_path, monkeypatch):
    source = tmp_path / "sbsite" / "x.py"
    source.parent.mkdir()
    source.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import material\n"
                      "def f():\n    from mkdocs.config import load_config\n    import importlib\n"
                      "    importlib.import_module('material.plugins')\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", tmp_path / "sbsite")
    assert [(line, target) for line, target, _ in imports(source)] == [
        (1, "typing"), (5, "mkdocs.config"), (6, "importlib"), (7, "material.plugins")]


def test_the_cycle_finder_on_small_graphs():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []
    graph = {"a": {"b"}, "b": {"c", "d"}, "c": {"a"}, "d": {"e"}, "e": set(), "f": {"f"}, "g": {"h"}, "h": {"g", "a"}}
    assert cycles(graph) == [["a", "b", "c"], ["f"], ["g", "h"]]
    assert loop_in(["a", "b", "c"], graph) == ["a", "b", "c", "a"]
    # A long loop is found whatever order the modules come in.
    ring = {f"m{i:02}": {f"m{(i + 1) % 30:02}"} for i in range(30)}
    assert cycles(ring) == [sorted(ring)]


def test_relative_imports_resolve_to_modules():
    known = modules()
    graph = import_graph(known)
    assert "sbsite.builder.mkdocs_build" in graph["sbsite.builder.live"]  # from .mkdocs_build import ...
    assert "sbsite.builder" in graph["sbsite.build"]  # from .builder import BuildError, ...
    assert "sbsite.render.engine" in graph["sbsite.build"]  # from sbsite.render import engine as render
    assert "sbsite.features.easy_read" in graph["sbsite.features.story.story"]  # from sbsite.features import easy_read


def test_no_import_cycles_inside_sbsite():
    graph = import_graph(modules())
    found = cycles(graph)
    assert found == [], f"{len(found)} import cycle(s) inside sbsite:\n" + "\n".join(
        f"- {len(group)} modules: {' -> '.join(loop_in(group, graph))}\n  all of them: {', '.join(group)}"
        for group in found)


STAGES = ("sbsite.core", "sbsite.load", "sbsite.render", "sbsite.builder")
ABOVE_FEATURES = ("sbsite.render", "sbsite.builder", "sbsite.build", "sbsite.serve", "sbsite.cli", "sbsite.pipeline")


def _inside(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _wrong_imports(rule) -> list[str]:
    """'module (line N) imports target' for every import inside sbsite that `rule(module,
    target)` says is wrong."""
    known = modules()
    found = []
    for name, path in known.items():
        for line, target, names in imports(path):
            targets = [f"{target}.{n}" for n in names if f"{target}.{n}" in known] or [target]
            found += [f"{name} (line {line}) imports {t}" for t in targets
                      if _inside(t, "sbsite") and rule(name, t)]
    return found


def test_the_stages_never_import_a_feature_or_anything_above_them():
    def wrong(name, target):
        if not any(_inside(name, stage) for stage in STAGES):
            return False
        return _inside(target, "sbsite.features") or any(
            _inside(target, top) for top in ("sbsite.pipeline", "sbsite.build", "sbsite.serve", "sbsite.cli"))
    assert _wrong_imports(wrong) == []


def test_core_imports_only_core():
    def wrong(name, target):
        return _inside(name, "sbsite.core") and target != "sbsite" and not _inside(target, "sbsite.core")
    assert _wrong_imports(wrong) == []


def _feature_of(name: str) -> str | None:
    parts = name.split(".")
    return parts[2] if len(parts) > 2 and parts[:2] == ["sbsite", "features"] else None


def test_a_feature_uses_another_only_through_its_face_and_never_a_stage_above_it():
    def wrong(name, target):
        own = _feature_of(name)
        if own is None:
            return False
        other = _feature_of(target)
        if other is not None and other != own:
            return target != f"sbsite.features.{other}"  # its __init__.py is its face
        return any(_inside(target, top) for top in ABOVE_FEATURES)
    assert _wrong_imports(wrong) == []


def test_the_rules_catch_what_they_are_for(monkeypatch, tmp_path):
    """The rules above on a made-up module: a stage importing a feature, and a feature
    reaching into another's module, are both reported."""
    fake = {"sbsite.render.x": tmp_path / "x.py", "sbsite.features.a.m": tmp_path / "m.py",
            "sbsite.features.b.n": tmp_path / "n.py", "sbsite.features.b": tmp_path / "b.py"}
    fake["sbsite.render.x"].write_text("from sbsite.features.a import m\n")
    fake["sbsite.features.a.m"].write_text("from sbsite.features.b import n\nfrom sbsite.features import b\n")
    fake["sbsite.features.b.n"].write_text("")
    fake["sbsite.features.b"].write_text("")
    monkeypatch.setattr(sys.modules[__name__], "modules", lambda: fake)
    monkeypatch.setattr(sys.modules[__name__], "imports", lambda path: _fake_imports(path, fake))
    assert _wrong_imports(lambda name, target: _inside(name, "sbsite.render") and _inside(target, "sbsite.features")) \
        == ["sbsite.render.x (line 1) imports sbsite.features.a.m"]
    bad = [w for w in _wrong_imports(lambda name, target: _feature_of(name) == "a" and _feature_of(target) == "b"
                                      and target != "sbsite.features.b")]
    assert bad == ["sbsite.features.a.m (line 1) imports sbsite.features.b.n"]


def _fake_imports(path, fake):
    out = []
    for line, text in enumerate(path.read_text().splitlines(), 1):
        node = ast.parse(text).body[0]
        out.append((line, node.module, [a.name for a in node.names]))
    return out


def test_every_feature_folder_declares_one_feature_and_all_of_them_are_built():
    from sbsite.features import ALL

    folders = sorted(p.parent.name for p in (PACKAGE / "features").glob("*/__init__.py"))
    declared = sorted(f.name for f in ALL)
    assert declared == folders
    for feature in ALL:
        assert feature.folder is None or (feature.folder / "__init__.py").is_file()
        for asset in feature.assets:
            assert (feature.folder / asset).is_file(), f"{feature.name}: {asset} is not in {feature.folder}"
