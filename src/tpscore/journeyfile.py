"""Write journey documents as readable YAML: what `init` and `import mermaid` produce.

PyYAML's dumper would write valid YAML, but not the layout people write by hand (short lists in flow
style, a blank line between touchpoints, the editor modeline first), and a generated file is the start
of a hand-edited one. Every scalar is quoted whenever its plain form would read back as something else.
"""

from __future__ import annotations

import json
import re
from typing import Any

# Plain scalars that YAML 1.1 or 1.2 would read as something other than the same string.
_RESERVED = re.compile(r"(?i)^(~|=|null|true|false|yes|no|on|off|y|n|[-+]?\.?(inf|nan))$")
_NUMBER_LIKE = re.compile(r"^[-+]?(\d[\d_]*)?(\.\d*)?([eE][-+]?\d+)?$|^0[xob]|^\d+(:\d+)+$|^\d{4}-\d\d?-\d\d?")
_PLAIN_START_FORBIDDEN = set("-?:,[]{}#&*!|>'\"%@`") | {" "}
_FLOW_WIDTH = 100
_SIMPLE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._/-]*$")


def modeline(schema: str) -> str:
    """The first line that points YAML editors (yaml-language-server) at the journey schema."""
    return f"# yaml-language-server: $schema={schema}"


def scalar(value: Any) -> str:
    """``value`` as a YAML scalar that reads back as exactly ``value``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    text = str(value)
    return text if _plain_ok(text) else _quoted(text)


def _quoted(text: str) -> str:
    # A JSON string is a YAML double-quoted scalar; YAML also refuses raw DEL, C1 and other invisible
    # characters that JSON leaves alone, so those become escapes too.
    return "".join(c if c.isprintable() else _escape(c) for c in json.dumps(text, ensure_ascii=False))


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _plain_ok(text: str) -> bool:
    if not text or text != text.strip() or not text.isprintable():
        return False
    if text[0] in _PLAIN_START_FORBIDDEN or _RESERVED.match(text) or _NUMBER_LIKE.match(text):
        return False
    # ": " starts a mapping value and " #" a comment; a flow context also stops at , [ ] { }.
    return ": " not in text and " #" not in text and not text.endswith(":")


def _conservative(value: Any) -> str:
    """Inside ``[...]`` and as a key, plain only when obviously safe (slugs, simple words)."""
    if isinstance(value, str) and not (_SIMPLE.match(value) and _plain_ok(value)):
        return _quoted(value)
    return scalar(value)


def _short_list(value: list, indent: int) -> str | None:
    """``[a, b, c]`` when every item is a scalar and the line stays short."""
    if not all(isinstance(item, (str, int, float, bool)) for item in value):
        return None
    flow = "[" + ", ".join(_conservative(item) for item in value) + "]"
    return flow if indent + len(flow) <= _FLOW_WIDTH else None


def _block(value: Any, indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            head = f"{pad}{_conservative(key)}:"
            if isinstance(item, dict) and item:
                lines += [head, *_block(item, indent + 2)]
            elif isinstance(item, list) and item:
                flow = _short_list(item, indent + len(head) + 1)
                lines += [f"{head} {flow}"] if flow else [head, *_block(item, indent + 2)]
            elif isinstance(item, (dict, list)):
                lines.append(f"{head} {'{}' if isinstance(item, dict) else '[]'}")
            else:
                lines.append(f"{head} {scalar(item)}")
    else:
        for item in value:
            if isinstance(item, dict) and item:
                inner = _block(item, indent + 2)
                lines.append(f"{pad}- {inner[0][indent + 2:]}")
                lines += inner[1:]
            else:
                lines.append(f"{pad}- {scalar(item)}")
    return lines


def dump_journey(document: dict, comments: list[str] = (), schema: str | None = None) -> str:
    """The journey ``document`` as YAML text: the modeline, ``comments`` (one ``#`` line each), then
    the top-level keys in the document's order with a blank line between touchpoints."""
    lines = [modeline(schema)] if schema else []
    lines += [f"# {' '.join(comment.split())}" for comment in comments]
    for key, value in document.items():
        if key in ("touchpoints", "feedback") and isinstance(value, list) and value:
            lines.append(f"{key}:")
            for number, item in enumerate(value):
                if number:
                    lines.append("")
                lines += _block([item], 2)
        else:
            lines += _block({key: value}, 0)
    return "\n".join(lines) + "\n"
