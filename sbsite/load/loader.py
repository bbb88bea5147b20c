"""Read a YAML file into plain values, remembering the line and column of each one.

PyYAML's own constructor follows YAML 1.1, where `10:30` is the number 630,
`no` is false and `0123` loses its leading zero, and where a repeated key
silently replaces the first. We compose the node tree ourselves instead and
let the JSON Schema say what each value should be: a field declared as text
keeps exactly the characters the author typed, a field declared as true/false
accepts yes/no, and anything that is neither is reported with its line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from sbsite.load import schemas as schema_mod
from sbsite.core.memory import PreviewMemory
from sbsite.core.problems import Problem

# LibYAML's parser is six times faster than PyYAML's pure-Python one and gives the same nodes.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_BYTES = 40 * 1024 * 1024  # 10,000 providers is about 25 MB; the 50 MB case in tests is refused
MAX_NODES = 5_000_000  # about 65 a provider: room for far more than 10,000 providers

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:merge",
    "tag:yaml.org,2002:value",
}
_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "yes", "on", "y"}
_FALSE = {"false", "no", "off", "n"}
_INT = re.compile(r"^[-+]?[0-9]+$")
_ANCHOR_OR_ALIAS = re.compile(r"(?:^|[\s\[{,])[&*][^\s\[\]{},]", re.M)  # may also match text: then no reuse
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")


@dataclass
class Loaded:
    """A file's values plus where each one came from.

    `where` maps a path such as ("providers", 3, "ages", "min") to (line, column),
    both counted from 1; `key_where` does the same for the key itself.
    """
    file: str
    data: object = None
    where: dict = field(default_factory=dict)
    key_where: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)

    def locate(self, path) -> tuple[int | None, int | None]:
        path = tuple(path)
        while path and path not in self.where:
            path = path[:-1]
        return self.where.get(path, (None, None))


def _mark(node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _friendly_yaml_error(exc: yaml.YAMLError, name: str) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
    raw = f"{getattr(exc, 'context', '') or ''} {getattr(exc, 'problem', '') or ''}".strip() or str(exc)
    if "'\\t'" in raw or "\\t" in raw:
        return Problem(name, line, col, "There is a tab character here. YAML files must be indented with spaces, not tabs.",
                       "Delete the tab and type spaces instead (two spaces for each level).")
    if "mapping values are not allowed" in raw:
        return Problem(name, line, col, "A colon ':' is in a place YAML does not expect it.",
                       "If the value contains a colon, put the whole value in double quotes, for example: summary: \"Time: 10am\". Otherwise check the indentation of this line.")
    if "expected <block end>" in raw or "did not find expected" in raw:
        return Problem(name, line, col, f"The indentation or punctuation here is not what YAML expects ({raw}).",
                       "Check this line lines up with the lines around it, using spaces, and that every quote and bracket is closed.")
    if "found undefined alias" in raw or "found undefined anchor" in raw:
        return Problem(name, line, col, "This line uses a '*' reference to something that is not defined.",
                       "Write the value out in full instead of using '*' and '&'.")
    if "could not find expected ':'" in raw:
        return Problem(name, line, col, "A line is missing its ':' between the field name and the value.",
                       "Write each field as 'name: value', or put a long value in quotes.")
    if "expected a single document" in raw:
        return Problem(name, line, col, "This file has a second '---' part. Only one is allowed.",
                       "Remove the extra '---' line and merge the two parts.")
    return Problem(name, line, col, f"This is not valid YAML: {raw}.",
                   "Check the quotes, brackets and indentation on this line and the line before it.")


def _decode(raw: bytes, name: str) -> tuple[str | None, Problem | None]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a byte-order mark from some Windows editors: harmless, dropped
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, Problem(name, line, col,
                             f"This file has a character that is not UTF-8 text (byte {raw[exc.start]:#04x}).",
                             "Save the file as UTF-8 (most editors offer 'Save with encoding: UTF-8'), or retype the character.")
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def load_text(text: str, name: str, schema_name: str | None = None, pointer: str = "",
              memory: PreviewMemory | None = None) -> Loaded:
    """Parse YAML text. `schema_name` (for example 'providers.schema.json') guides value types.

    With the live preview's `memory`, each entry of a top-level list (a provider in
    providers.yaml) is converted once and reused, with the same values, positions and
    problems, while its text is unchanged (PreviewMemory.entries and .parsed). Without it
    (`sbsite build`) nothing is remembered; the result is the same either way."""
    result = Loaded(name)
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        result.problems.append(Problem(name, None, None,
                                       f"This file is {len(text) // (1024 * 1024)} MB, larger than the {MAX_BYTES // (1024 * 1024)} MB we accept.",
                                       "Check nothing was pasted in by mistake; split very long text across several entries."))
        return result
    try:
        node = _compose(text, name, memory)
    except yaml.YAMLError as exc:
        try:  # PyYAML's own parser words its errors more helpfully; worth it on this rare path
            yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as detailed:
            exc = detailed
        result.problems.append(_friendly_yaml_error(exc, name))
        return result
    if node is None:
        result.problems.append(Problem(name, 1, None, "This file is empty.",
                                       "Put the data back; if you meant to empty a list, leave the heading with '[]', for example 'providers: []'."))
        return result
    schema = {"$ref": f"{schema_name}#{pointer}"} if schema_name else {}
    entries = memory.entries if memory is not None else None
    state = _State(result, set(), 0, text=text, memo=entries)
    result.data = state.convert(node, schema, schema_name or "", ())
    if entries is not None:  # forget entries this file no longer has
        for key in [k for k in entries if k[0] == name and k not in state.used]:
            del entries[key]
    return result


class _Mark:
    """A position in the whole file, for nodes parsed from a piece of it."""
    __slots__ = ("index", "line", "column")

    def __init__(self, index, line, column):
        self.index, self.line, self.column = index, line, column


_ENTRY_LINE = re.compile(r" *- +")


def _compose(text: str, name: str, memory: PreviewMemory | None = None):
    """yaml.compose, except that when the live preview remembers entries (memory) and the
    file is one list of entries (providers.yaml), only the entries around the change are
    parsed again; the others are stand-ins that _State finds in memory.entries by their
    text. memory.parsed holds, by file name, (text, root node, first line of each entry)."""
    if memory is None:
        return yaml.compose(text, Loader=_LOADER)
    node = _compose_change(text, name, memory)
    if node is None:
        node = yaml.compose(text, Loader=_LOADER)
        memory.parsed.pop(name, None)
        _remember_parse(text, name, node, memory)
    return node


def _remember_parse(text, name, root, memory: PreviewMemory) -> None:
    if not (isinstance(root, yaml.MappingNode) and len(root.value) == 1
            and isinstance(root.value[0][1], yaml.SequenceNode) and not root.value[0][1].flow_style):
        return
    items = root.value[0][1].value
    starts = []
    for item in items:
        if not isinstance(item, yaml.MappingNode) or item.flow_style:
            return
        start = text.rfind("\n", 0, item.start_mark.index) + 1
        if not _ENTRY_LINE.fullmatch(text, start, item.start_mark.index):
            return
        starts.append(start)
    if starts:
        memory.parsed[name] = (text, root, starts)


def _first_difference(a: str, b: str) -> int:
    i, step = 0, 1 << 16
    while i < min(len(a), len(b)) and a[i:i + step] == b[i:i + step]:
        i += step
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return i


def _compose_change(text: str, name: str, memory: PreviewMemory):
    known = memory.parsed.get(name)
    if known is None:
        return None
    old, root, starts = known
    items = root.value[0][1].value
    same_start = _first_difference(old, text)
    same_end = _first_difference(old[::-1], text[::-1]) if same_start < min(len(old), len(text)) else 0
    same_end = min(same_end, len(old) - same_start, len(text) - same_start)
    if old == text:  # read again unchanged (after a mistake elsewhere was mended)
        key = root.value[0][0].value
        return root if all(_memo_has(memory.entries, name, key, item, old) for item in items) else None
    if same_start < starts[0]:
        return None
    ends = starts[1:] + [len(old)]
    first = max(k for k, start in enumerate(starts) if start <= same_start)
    after = [k for k, start in enumerate(starts) if start > len(old) - same_end and k > first]
    last = after[0] if after else len(starts)  # entries from `last` on are the same text, moved
    shift = len(text) - len(old)
    chunk_start, chunk_end = starts[first], (starts[last] + shift if last < len(starts) else len(text))
    line0 = text.count("\n", 0, chunk_start)
    try:
        piece = yaml.compose(text[chunk_start:chunk_end], Loader=_LOADER)
    except yaml.YAMLError:
        return None  # parsed whole, so the problem is reported with its own words and line
    new_items = [] if piece is None else piece.value if isinstance(piece, yaml.SequenceNode) else None
    if new_items is None or (piece is not None and piece.flow_style):
        return None
    column = items[0].start_mark.column
    for item in new_items:
        if not isinstance(item, yaml.MappingNode) or item.flow_style or item.start_mark.column != column:
            return None
        _move(item, chunk_start, line0)
    lines = text.count("\n", chunk_start, chunk_end) - old.count("\n", starts[first], ends[last - 1])
    key, seq = root.value[0]
    if any(item.end_mark.index > same_start or not _memo_has(memory.entries, name, key.value, item, old) for item in items[:first]):
        return None
    kept = items[:first] + new_items
    for item in items[last:]:  # a stand-in: the same text, further down the file
        # An entry with problems that moved is converted again (see _State._entry), which
        # a stand-in cannot be: its inner nodes keep their old positions.
        if not _memo_has(memory.entries, name, key.value, item, old, moved=lines != 0):
            return None
        kept.append(yaml.MappingNode(item.tag, item.value, _Mark(item.start_mark.index + shift, item.start_mark.line + lines,
                                                                item.start_mark.column),
                                     _Mark(item.end_mark.index + shift, item.end_mark.line + lines, item.end_mark.column)))
    new_seq = yaml.SequenceNode(seq.tag, kept, seq.start_mark, seq.end_mark, flow_style=seq.flow_style)
    new_root = yaml.MappingNode(root.tag, [(key, new_seq)], root.start_mark, root.end_mark, flow_style=root.flow_style)
    memory.parsed.pop(name, None)
    _remember_parse(text, name, new_root, memory)
    return new_root


def _memo_has(entries: dict, name, key, item, text, moved: bool = False) -> bool:
    """Whether `entries` holds this entry (else a stand-in would have nothing to stand for),
    and, if it `moved` to another line, with no problems (those are worked out again)."""
    known = entries.get((name, key, item.start_mark.column, text[item.start_mark.index:item.end_mark.index]))
    return known is not None and not (moved and known[5])


def _move(node, index, line) -> None:
    node.start_mark = _Mark(node.start_mark.index + index, node.start_mark.line + line, node.start_mark.column)
    node.end_mark = _Mark(node.end_mark.index + index, node.end_mark.line + line, node.end_mark.column)
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            _move(k, index, line)
            _move(v, index, line)
    elif isinstance(node, yaml.SequenceNode):
        for v in node.value:
            _move(v, index, line)


def load_file(path: Path, name: str, schema_name: str | None = None, memory: PreviewMemory | None = None) -> Loaded:
    try:
        raw = path.read_bytes() if path.stat().st_size <= MAX_BYTES else None
    except FileNotFoundError:
        return Loaded(name, problems=[Problem(name, None, None, "This file is missing.",
                                              f"Create {name} (copy it from the demo in the sbsite repository), or check its name.")])
    except OSError as exc:
        return Loaded(name, problems=[Problem(name, None, None, f"This file could not be read ({exc.strerror}).",
                                              "Check the file exists and you have permission to read it.")])
    if raw is None:
        size = path.stat().st_size // (1024 * 1024)
        return Loaded(name, problems=[Problem(name, None, None, f"This file is {size} MB, larger than the {MAX_BYTES // (1024 * 1024)} MB we accept.",
                                              "Check nothing was pasted in by mistake; split very long text across several entries.")])
    text, problem = _decode(raw, name)
    if problem:
        return Loaded(name, problems=[problem])
    return load_text(text, name, schema_name, memory=memory)


@dataclass
class _State:
    out: Loaded
    seen: set
    count: int
    alias_reported: bool = False
    text: str = ""
    memo: dict | None = None
    used: set = field(default_factory=set)

    def _entry(self, node, schema, base, path):
        """Convert one entry of a top-level list, or reuse the last conversion of the same text."""
        text = self.text[node.start_mark.index:node.end_mark.index]
        line0 = node.start_mark.line
        key = (self.out.file, path[0], node.start_mark.column, text)
        known = self.memo.get(key)
        # An entry with problems is converted again when it moves to another line: their
        # messages may name lines ("first on line 30"), which shifting cannot mend.
        if known is None or known[7] != base or (known[5] and known[0] != line0):
            sub = _State(Loaded(self.out.file), self.seen, 0, text=self.text)
            value = sub.convert(node, schema, base, path)
            known = (line0, path, value, sub.out.where, sub.out.key_where, sub.out.problems, sub.count, base)
        elif known[0] != line0 or known[1] != path:  # the same entry, moved: shift its positions
            shift, n = line0 - known[0], len(path)

            def moved(where):
                return {path + k[n:]: (line + shift, col) for k, (line, col) in where.items()}

            known = (line0, path, known[2], moved(known[3]), moved(known[4]), known[5], known[6], base)
        self.memo[key] = known
        self.used.add(key)
        self.out.where.update(known[3])
        self.out.key_where.update(known[4])
        self.out.problems.extend(known[5])
        self.count += known[6]
        return known[2]

    def problem(self, node, message, fix=""):
        line, col = _mark(node)
        self.out.problems.append(Problem(self.out.file, line, col, message, fix))

    def convert(self, node, schema, base, path):
        if (self.memo is not None and len(path) == 2 and isinstance(path[1], int) and self.count < MAX_NODES // 2
                and isinstance(node, yaml.MappingNode)  # with no '&anchor' or '*alias' it stands alone
                and not _ANCHOR_OR_ALIAS.search(self.text, node.start_mark.index, node.end_mark.index)):
            return self._entry(node, schema, base, path)
        self.count += 1
        if self.count > MAX_NODES:
            if self.count == MAX_NODES + 1:
                self.problem(node, "This file has far more entries than we expect.",
                             "Check nothing was pasted in by mistake.")
            return None
        if id(node) in self.seen:
            if not self.alias_reported:  # one message is enough, however many aliases
                self.alias_reported = True
                self.problem(node, "This line repeats an earlier part of the file using '*' (a YAML alias).",
                             "Write the value out in full instead of using '&' and '*'.")
            return None
        self.seen.add(id(node))
        self.out.where[path] = _mark(node)
        if node.tag not in _STANDARD_TAGS:
            self.problem(node, f"This value has a special YAML tag '{node.tag}', which we do not allow.",
                         "Remove the part starting with '!' and write a plain value.")
            return None
        sub, sub_base = schema_mod.resolve(schema, base) if schema else ({}, base)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, sub, sub_base, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, *(schema_mod.child(sub, sub_base, i) if sub else ({}, base)), path + (i,))
                    for i, item in enumerate(node.value)]
        return self._scalar(node, sub)

    def _mapping(self, node, schema, base, path):
        result: dict = {}
        first_line: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, "A field name here is a list or group, which YAML allows but we do not.",
                             "Field names are single words, such as 'name:'.")
                continue
            key = key_node.value
            if key == "<<":
                self.problem(key_node, "This line uses '<<' to copy fields from elsewhere (a YAML merge key).",
                             "Write the fields out in full instead.")
                continue
            if key in result:
                self.problem(key_node, f"The field '{key}' appears twice here (first on line {first_line[key]}).",
                             "Keep one of them and delete the other: only one value can be used.")
                continue
            first_line[key] = key_node.start_mark.line + 1
            self.out.key_where[path + (key,)] = _mark(key_node)
            sub = schema_mod.child(schema, base, key) if schema else ({}, base)
            result[key] = self.convert(value_node, sub[0], sub[1], path + (key,))
        return result

    def _scalar(self, node, schema):
        text = node.value
        if node.style:  # quoted or block text: always exactly what was typed
            return text
        wanted = schema_mod.types_of(schema)
        if text in _NULLS:
            return None
        if "string" in wanted:
            return text
        if "integer" in wanted and _INT.match(text):
            return int(text)
        if "number" in wanted and _FLOAT.match(text):
            value = float(text)
            return int(value) if _INT.match(text) else value
        if "boolean" in wanted and text.lower() in _TRUE | _FALSE:
            return text.lower() in _TRUE
        if wanted:
            return text  # the schema check will say what was expected
        # No schema: YAML 1.2 core rules, which have none of the 1.1 surprises.
        if text in ("true", "True", "TRUE"):
            return True
        if text in ("false", "False", "FALSE"):
            return False
        if _INT.match(text):
            return int(text)
        if _FLOAT.match(text) and any(c.isdigit() for c in text):
            return float(text)
        return text
