"""Write YAML text by hand, and add it to the end of a file without touching what is there.

The inverse of loader.py, so it lives beside it: whatever is written here must read back
through `loader.load_text` (and through plain YAML 1.1 readers such as PyYAML's
`safe_load`) as exactly the value that was written. Both commands that add providers to
providers.yaml use it: `sbsite new-provider` (one entry, with commented hints) and
`sbsite import-oruk` (many entries, with "TODO check" comments).

Why by hand: a YAML library would re-write the whole file, losing the comments and the
layout people chose. Here an entry is written as lines of text and appended after the
last byte of the file; every byte above it stays as it was.
"""
from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

# ---- One value ----

# Words YAML 1.1 reads as true/false/null (matched ignoring case), and the empty string.
SPECIAL_WORDS = {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", ""}
_PLAIN = re.compile(r"^[A-Za-z0-9£][^\n\r\t]*$")
# Numbers, and things YAML 1.1 may read as numbers or times: 2026, 1e3, 0123, 10:30 (= 630).
_NUMBERISH = re.compile(r"^[-+]?[0-9][0-9_.:eE+-]*$")
# With quote_text, only words like ids and vocabulary values stay plain.
_WORD = re.compile(r"^[a-z][a-z0-9-]*$")
_SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t"}


def needs_escape(c: str) -> bool:
    """Characters a YAML reader refuses, or reads as a line break, if written as they are."""
    o = ord(c)
    return o < 0x20 or 0x7F <= o <= 0x9F or c in "\u2028\u2029\ufeff\ufffe\uffff" or 0xD800 <= o <= 0xDFFF


def quoted(text: str) -> str:
    """A YAML double-quoted string that reads back as exactly `text`."""
    return '"' + "".join(_SHORT_ESCAPES.get(c) or (f"\\u{ord(c):04x}" if needs_escape(c) else c) for c in text) + '"'


_RESOLVER = yaml.resolver.Resolver()


def _plain_ok(text: str) -> bool:
    return bool(_PLAIN.match(text) and text == text.strip() and ": " not in text and " #" not in text
                and not text.endswith(":") and text.lower() not in SPECIAL_WORDS and not _NUMBERISH.match(text)
                and not any(c in text for c in "{}[]&*!|>%@`\"'") and not any(needs_escape(c) for c in text)
                # and YAML 1.1 itself reads it as text (not 0x1F = 31, 0b101, 1_000, 190:20:30...)
                and _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str")


def scalar(value, quote_text: bool = False, in_flow: bool = False) -> str:
    """One value on one line: plain when that is safe and unambiguous, else double-quoted.

    With `quote_text`, every text is quoted except single words such as ids and vocabulary
    values (what the importer writes, so the imported text stands out for checking).
    A `date` is written as YYYY-MM-DD without quotes (the loader reads it as text).
    `in_flow`: the value goes inside [...] or {...}, where ',', ':' and (to PyYAML) '?' end a plain value.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return repr(value)
    if isinstance(value, float):
        mantissa, e, exponent = repr(value).partition("e")
        # 1e-05 is text to YAML 1.1 readers; 1.0e-05 is a number to them and to the loader
        return mantissa + (".0" if e and "." not in mantissa else "") + e + exponent
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    plain = _plain_ok(text) and (not quote_text or _WORD.match(text)) and not (in_flow and any(c in text for c in ",:?"))
    return text if plain else quoted(text)


def block(text: str, indent: str) -> str | None:
    """Multi-line text as a literal block ('|' or '|-', lines at `indent`), or None when only a
    quoted string can say it exactly: text on one line, text starting with a space or a blank
    line, lines ending in spaces, more than one newline at the end, tabs or control characters
    (tabs are left quoted, so the file never shows one: YAML indentation must not use them)."""
    body = text.rstrip("\n")
    if "\n" not in body or text[:1] in (" ", "\n") or len(text) - len(body) > 1:
        return None
    if any(c != "\n" and needs_escape(c) for c in body) or any(line != line.rstrip() for line in body.split("\n")):
        return None
    chomp = "|" if text.endswith("\n") else "|-"
    return chomp + "\n" + "\n".join(indent + line if line else "" for line in body.split("\n"))


def text_value(value, indent: str, quote_text: bool = False) -> str:
    """A value after 'key: ': a literal block for multi-line text when exact, else `scalar`."""
    made = block(value, indent) if isinstance(value, str) else None
    return made if made is not None else scalar(value, quote_text)


def comment_text(text: str) -> str:
    """Text safe to write after a '#': on one line, with no character a YAML reader refuses
    (such characters are shown as \\uXXXX; the comment is for people, not read back)."""
    return "".join(" " if c in "\n\r\t" else f"\\u{ord(c):04x}" if needs_escape(c) else c for c in str(text))


def flow_list(items, quote_text: bool = False) -> str:
    return "[" + ", ".join(scalar(i, quote_text, in_flow=True) for i in items) + "]"


def flow_map(items: dict, quote_text: bool = False) -> str:
    return "{" + ", ".join(f"{k}: {scalar(v, quote_text, in_flow=True)}" for k, v in items.items()) + "}"


# ---- A whole entry ----

def entry_lines(entry: dict, indent: str = "  ", *, header=(), comments: dict | None = None,
                after: dict | None = None, flow=("ages",), quote_text: bool = False) -> list[str]:
    """`entry` as the lines of one list item ('- key: value' at `indent`), without newlines.

    - `header`: comment lines (with their '#') written at `indent` above the '- '.
    - `comments`: path → note, written at the end of that key's line ('  # note'); for a
      mapping written on one line, its keys' notes are joined with '; '.
    - `after`: path → comment lines (with their '#') written after that key and everything
      under it, lined up with the key: hints for fields a person may add by hand.
    - `flow`: keys whose mapping of plain values is written on one line: {min: 5, max: 11}.
    Lists of plain values are written on one line: [a, b]. Multi-line text is a literal block
    when that reads back exactly (see `block`).
    """
    comments, after = comments or {}, after or {}
    lines = [indent + comment_text(h) for h in header]

    def note(path):
        return f"  # {comment_text(comments[path])}" if path in comments else ""

    def emit(key, value, pad, path, prefix):
        if isinstance(value, dict) and key in flow and all(not isinstance(v, (dict, list)) for v in value.values()):
            notes = [comment_text(comments[path + (k,)]) for k in value if path + (k,) in comments]
            lines.append(f"{prefix}{key}: {flow_map(value, quote_text)}" + (f"  # {'; '.join(notes)}" if notes else ""))
        elif isinstance(value, dict):
            lines.append(f"{prefix}{key}:{note(path)}")
            for k, v in value.items():
                emit(k, v, pad + "  ", path + (k,), pad + "  ")
        elif isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value):
            lines.append(f"{prefix}{key}: {flow_list(value, quote_text)}{note(path)}")
        elif isinstance(value, list):
            lines.append(f"{prefix}{key}:{note(path)}")
            for i, item in enumerate(value):
                for j, (k, v) in enumerate(item.items()):
                    emit(k, v, pad + "    ", path + (i, k), (pad + "  - ") if j == 0 else pad + "    ")
        else:
            head, _, body = text_value(value, pad + "  ", quote_text).partition("\n")
            lines.append(f"{prefix}{key}: {head}{note(path)}")
            if body:
                lines.append(body)
        lines.extend(pad + comment_text(line) for line in after.get(path, ()))

    for j, (k, v) in enumerate(entry.items()):
        emit(k, v, indent + "  ", (k,), (indent + "- ") if j == 0 else indent + "  ")
    return lines


# ---- Adding to the end of a file's list ----

class NotAppendable(Exception):
    """The file cannot be added to without changing what is there; the message says why and what to do."""


@dataclass
class Target:
    """A file read and understood, ready for `append`."""
    path: Path
    raw: bytes
    newline: str = "\n"
    item_indent: str = "  "
    lines: int = 0
    cut: tuple[int, int] | None = None  # bytes to drop: the '[]' of 'providers: []'


def inspect(path: Path, key: str = "providers", name: str | None = None) -> Target:
    """Read the file and work out how to add items to the list under `key`, its last key.

    The list must be written one '- ' item at a time (its indent is reused), or be empty:
    'providers:' with nothing after it, or 'providers: []' (the '[]' is then dropped; every
    other byte stays). Raises NotAppendable otherwise.
    """
    path = Path(path)
    name = name or path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise NotAppendable(f"{name} could not be read ({exc.strerror}). Check the project folder.") from None
    bom = raw.startswith(b"\xef\xbb\xbf")
    try:
        original = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NotAppendable(f"{name} is not saved as UTF-8 text. Run 'sbsite check' to see where, and fix it first.") from None
    newline = "\r\n" if "\r\n" in original else "\n"
    text = original.replace("\r\n", "\n")
    refuse = NotAppendable(f"{name} does not end with the list of {key} written one '- id:' entry at a time, "
                           "so a new entry cannot be added to the end. Add it by hand: copy an entry, then run 'sbsite check'.")
    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        raise refuse from None
    seq = node.value[-1][1] if isinstance(node, yaml.MappingNode) and node.value and node.value[-1][0].value == key else None
    lines = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
    target = Target(path, raw, newline, "  ", lines)
    if isinstance(seq, yaml.ScalarNode) and seq.tag.endswith(":null") and seq.value == "":
        return target  # 'providers:' and nothing yet
    if isinstance(seq, yaml.SequenceNode) and seq.flow_style and not seq.value:
        line = original.split("\n")[seq.start_mark.line]
        start = len((line[: seq.start_mark.column]).encode("utf-8"))
        end = start + len(line[seq.start_mark.column: seq.end_mark.column].encode("utf-8"))
        if not line[seq.end_mark.column:].strip():  # nothing else on the line: drop the space before '[' too
            start = len(line[: seq.start_mark.column].rstrip(" ").encode("utf-8"))
        offset = len("\n".join(original.split("\n")[: seq.start_mark.line]).encode("utf-8")) + (1 if seq.start_mark.line else 0)
        offset += 3 if bom else 0
        target.cut = (offset + start, offset + end)
        return target
    if not isinstance(seq, yaml.SequenceNode) or seq.flow_style:
        raise refuse
    match = re.search(r"^( *)- ", text[seq.start_mark.index - seq.start_mark.column:], re.M)
    target.item_indent = match.group(1) if match else "  "
    return target


def append(target: Target, text: str) -> int:
    """Add `text` (lines ending in '\\n') after a blank line at the end of the file, in the file's
    own line endings; return the line number `text` starts on. The file is replaced in one step,
    so it is never left half-written."""
    raw = target.raw if target.cut is None else target.raw[: target.cut[0]] + target.raw[target.cut[1]:]
    lead = "" if raw.endswith((b"\n", b"\r")) or not raw else "\n"
    addition = (lead + "\n" + text).replace("\n", target.newline)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.path.stem}-", suffix=target.path.suffix, dir=target.path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw + addition.encode("utf-8"))
        try:
            os.chmod(tmp, target.path.stat().st_mode & 0o777)
        except OSError:
            pass
        os.replace(tmp, target.path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    # The existing lines (the last one ended if it was not), the blank separator line, then the text.
    return target.lines + 2


def restore(target: Target) -> None:
    """Put the file back exactly as `inspect` read it."""
    target.path.write_bytes(target.raw)
