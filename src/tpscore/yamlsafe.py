"""Safe, bounded YAML loading on libyaml, with duplicate-key detection and lazy source positions.

Only plain data is accepted (no language tags). The document's node tree is kept so a message can
point at ``line:column`` for any JSON path; positions are looked up only when a message needs one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .problems import Problem, describe
from .source import MAX_BYTES, Source

try:  # libyaml is the fast path; the pure-Python parser is a correct fallback.
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.composer import Composer as _Composer
    from yaml.parser import Parser as _Parser  # type: ignore[assignment]
    from yaml.reader import Reader as _Reader
    from yaml.scanner import Scanner as _Scanner

    class _Parser(_Reader, _Scanner, _Parser, _Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            _Reader.__init__(self, stream)
            _Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            _Composer.__init__(self)


@dataclass(frozen=True)
class Limits:
    """Bounds that keep hostile input from exhausting the stack, memory or time.

    ``max_nodes`` bounds the document as written (every scalar, list and mapping; the largest journey
    tpscore is measured on, 20,000 touchpoints, has about 360,000), which bounds memory: a composed node
    costs a few hundred bytes. ``max_expanded_nodes`` bounds it as if every alias were copied out.
    """

    max_bytes: int = MAX_BYTES
    max_depth: int = 64
    max_nodes: int = 1_000_000
    max_expanded_nodes: int = 1_000_000


DEFAULT_LIMITS = Limits()
_MERGE_TAG = "tag:yaml.org,2002:merge"
_SURROGATE = re.compile("[\ud800-\udfff]")
# Below this many possible nesting levels libyaml's recursive composer is safe without a scan.
_SAFE_NESTING_BOUND = 5000


_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
# Numbers follow the YAML 1.2 core schema (a superset of JSON's): decimal integers (`017` is 17), `0o17`
# octal, `0x1F` hexadecimal, and floats with an optional exponent (`2e0`, `1E+3`); nothing else is a number.
# YAML 1.1 extras (`017` as octal, `0b1`, `1_000`, sexagesimal `1:30`) are text, so every reader agrees.
_INT_12 = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT_12 = re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                       r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")
#: An integer longer than this is a problem, not a number: floats end near 1e308, and Python refuses to
#: read integers of more than 4,300 digits at all.
MAX_INT_DIGITS = 300


class _NumberError(yaml.constructor.ConstructorError):
    """A scalar that cannot be the number it is tagged or written as."""

    def __init__(self, problem: str, mark: yaml.Mark) -> None:
        super().__init__(None, None, problem, mark)


class _Resolver(yaml.resolver.Resolver):
    """Booleans and null as PyYAML resolves them; numbers as YAML 1.2 (see above); no timestamps (dates
    stay text so documents fit JSON Schema)."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers
                if tag not in ("tag:yaml.org,2002:timestamp", _INT_TAG, _FLOAT_TAG)]
        for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
    }


for _first in "-+0123456789":
    _Resolver.yaml_implicit_resolvers.setdefault(_first, []).append((_INT_TAG, _INT_12))
for _first in "-+.0123456789":
    _Resolver.yaml_implicit_resolvers.setdefault(_first, []).append((_FLOAT_TAG, _FLOAT_12))


class _Constructor(yaml.constructor.SafeConstructor):
    """Safe constructor that records duplicate and non-text keys instead of silently keeping one."""

    def __init__(self, file: str) -> None:
        super().__init__()
        self.file = file
        self.key_problems: list[Problem] = []
        self._merging = 0

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict:  # type: ignore[override]
        mapping: dict[str, Any] = {}
        own = node.value
        if any(key.tag == _MERGE_TAG for key, _ in own):
            # Merge keys without PyYAML's flatten_mapping, which rewrites the merged nodes in place and
            # would make their merged keys look like duplicates when they are built later.
            own = [(k, v) for k, v in node.value if k.tag != _MERGE_TAG]
            for key_node, value_node in node.value:
                if key_node.tag == _MERGE_TAG:
                    mapping.update(self._merged(value_node))
        first_seen: dict[str, Node] = {}
        for key_node, value_node in own:
            key = self._key(key_node, deep, report=not self._merging)
            earlier = first_seen.get(key)
            if earlier is not None and not self._merging:
                line = earlier.start_mark.line + 1
                self.key_problems.append(
                    Problem(self.file, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                            "duplicate-key", f"duplicate key {describe(key)} (first defined on line {line})",
                            hint="remove one of them; YAML would silently keep the last")
                )
            else:
                first_seen[key] = key_node
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_yaml_int(self, node: ScalarNode) -> int:  # type: ignore[override]
        """An integer as YAML 1.2 reads it (``!!int`` tags included), bounded in length."""
        text = self.construct_scalar(node)
        if text.isascii() and text.isdigit() and len(text) <= MAX_INT_DIGITS:  # the usual case, fast
            return int(text)
        if not isinstance(text, str) or not _INT_12.match(text):
            raise _NumberError(f"{describe(text)} is not an integer", node.start_mark)
        digits = text.lstrip("+-")
        if len(digits) > MAX_INT_DIGITS:
            raise _NumberError(f"a number of {len(digits):,} digits; numbers here have at most {MAX_INT_DIGITS}",
                               node.start_mark)
        if digits.startswith(("0o", "0x")):
            return int(digits[2:], 8 if digits[1] == "o" else 16)
        return int(text, 10)

    def construct_yaml_float(self, node: ScalarNode) -> float:  # type: ignore[override]
        """A float as YAML 1.2 reads it (``!!float`` tags included)."""
        text = self.construct_scalar(node)
        if not isinstance(text, str) or not _FLOAT_12.match(text):
            raise _NumberError(f"{describe(text)} is not a number", node.start_mark)
        if text.lstrip("+-").lower() == ".inf":
            return float("-inf") if text.startswith("-") else float("inf")
        if text.lower() == ".nan":
            return float("nan")
        return float(text)

    def _merged(self, value_node: Node) -> dict:
        """The mapping a ``<<`` key merges: one mapping, or a list of them (earlier ones win)."""
        sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
        merged: dict[str, Any] = {}
        for source in reversed(sources):
            if not isinstance(source, MappingNode):
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", value_node.start_mark,
                    f"expected a mapping or list of mappings for merging, but found {source.id}", source.start_mark)
            # Build from the node, not the constructed-object cache: an anchored mapping may still be
            # an empty placeholder that PyYAML fills later. Its key problems were reported already.
            self._merging += 1
            try:
                merged.update(self.construct_mapping(source, deep=True))
            finally:
                self._merging -= 1
        return merged

    def _key(self, key_node: Node, deep: bool, report: bool) -> str:
        if isinstance(key_node, ScalarNode) and key_node.tag == "tag:yaml.org,2002:str":
            return key_node.value
        key = self.construct_object(key_node, deep=True) if isinstance(key_node, ScalarNode) else None
        if isinstance(key, str):
            return key
        if report:
            found = describe(key) if isinstance(key_node, ScalarNode) else "a collection"
            self.key_problems.append(
                Problem(self.file, key_node.start_mark.line + 1, key_node.start_mark.column + 1, "key-type",
                        "keys must be text", found=found, hint="quote the key")
            )
        return str(key_node.value) if isinstance(key_node, ScalarNode) else "<collection>"


# Plain JSON-like data only: sets, binary, ordered pairs have no place in a journey (or in JSON Schema).
_Constructor.yaml_constructors = {
    tag: constructor for tag, constructor in yaml.constructor.SafeConstructor.yaml_constructors.items()
    if tag not in {f"tag:yaml.org,2002:{name}" for name in ("set", "binary", "omap", "pairs", "timestamp")}
}
_Constructor.yaml_constructors[_INT_TAG] = _Constructor.construct_yaml_int
_Constructor.yaml_constructors[_FLOAT_TAG] = _Constructor.construct_yaml_float


class _Loader(_Parser, _Constructor, _Resolver):
    def __init__(self, stream: str, file: str) -> None:
        _Parser.__init__(self, stream)
        _Constructor.__init__(self, file)
        _Resolver.__init__(self)


class SourceMap:
    """Finds the ``line:column`` (1-based) of any JSON path in a composed document, on demand."""

    def __init__(self, root: Node | None) -> None:
        self.root = root
        self._keys: dict[int, dict[str, tuple[Node, Node]]] = {}

    def _pairs(self, node: MappingNode) -> dict[str, tuple[Node, Node]]:
        """Key → (key node, value node) of a mapping, built once per mapping that a message visits."""
        pairs = self._keys.get(id(node))
        if pairs is None:
            pairs = {k.value: (k, v) for k, v in node.value if isinstance(k, ScalarNode)}
            self._keys[id(node)] = pairs
        return pairs

    def forget(self) -> None:
        """Drop the node tree once every message is located (it is the largest thing a load keeps);
        later lookups answer 1:1."""
        self.root = None
        self._keys.clear()

    def locate(self, path: Sequence[str | int], key: bool = False) -> tuple[int, int]:
        """Position of the value at ``path`` (of its key when ``key``); the nearest ancestor if absent."""
        _, mark = self._find(path, key)
        return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)

    def span(self, path: Sequence[str | int]) -> tuple[int, int, int | None, int | None]:
        """(line, column, end line, end column) of the value at ``path``; the end is the column just after its
        last character (SARIF's convention), None when the value is absent (an ancestor stands in) or ends a
        line (a block scalar)."""
        node, mark = self._find(path, key=False)
        if mark is None:
            return 1, 1, None, None
        start = (mark.line + 1, mark.column + 1)
        if node is None:
            return (*start, None, None)
        end = _last_mark(node)
        if end.column == 0 and end.line > mark.line:  # a block scalar ends with its line break
            return (*start, end.line, None)
        return (*start, end.line + 1, end.column + 1)

    def _find(self, path: Sequence[str | int], key: bool) -> tuple[Node | None, Any]:
        """The node at ``path`` (None when absent) and the mark to report (the nearest ancestor's if absent)."""
        node = self.root
        if node is None:
            return None, None
        mark = node.start_mark
        for part in path:
            found: Node | None = None
            if isinstance(node, MappingNode):
                pair = self._pairs(node).get(part) if isinstance(part, str) else None
                if pair is not None:
                    found, mark = pair[1], (pair[0].start_mark if key else pair[1].start_mark)
            elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                found = node.value[part]
                mark = found.start_mark
            if found is None:
                return None, mark
            node = found
        return node, mark


def _last_mark(node: Node) -> Any:
    """Where ``node``'s text ends. A block collection's own end mark is the start of whatever follows it (the
    next item, lines later), so its last descendant's end is used; flow collections and scalars end exactly."""
    while isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, MappingNode) else last
    return node.end_mark


@dataclass
class Loaded:
    """Result of loading one document: the data (None when unusable), positions and problems."""

    data: Any
    source_map: SourceMap
    problems: list[Problem]


def load_yaml(source: Source, limits: Limits = DEFAULT_LIMITS) -> Loaded:
    """Parse ``source`` safely. Never raises for bad input: problems are returned, located."""
    text = source.text
    name = source.name
    empty = SourceMap(None)
    surrogate = _SURROGATE.search(text)
    if surrogate is not None:  # only a library caller can pass one (decoding never makes them)
        before = text[: surrogate.start()]
        return Loaded(None, empty, [Problem(name, before.count("\n") + 1, len(before) - before.rfind("\n"), "encoding",
                                            f"lone surrogate U+{ord(surrogate.group()):04X}: not a Unicode character")])
    if _may_nest_deeper_than(text, _SAFE_NESTING_BOUND):
        depth_problem = _scan_depth(text, name, limits)
        if depth_problem is not None:
            return Loaded(None, empty, [depth_problem])
    if _node_bound(text) > limits.max_nodes:
        count_problem = _scan_nodes(text, name, limits)
        if count_problem is not None:
            return Loaded(None, empty, [count_problem])
    try:
        loader = _Loader(text, name)
    except yaml.YAMLError as exc:  # the pure-Python reader checks characters up front
        return Loaded(None, empty, [_reader_problem(name, text, exc)])
    try:
        root = loader.get_single_node()
        if root is None:
            return Loaded(None, empty, [Problem(name, 1, 1, "empty", "the file is empty",
                                                expected="a mapping with version, journey and touchpoints")])
        source_map = SourceMap(root)
        if "&" in text:
            alias_problem = _check_graph(root, name, limits)
            if alias_problem is not None:
                return Loaded(None, source_map, [alias_problem])
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        return Loaded(None, empty, [_yaml_problem(name, exc)])
    except yaml.YAMLError as exc:  # ReaderError and friends carry a position but no mark
        return Loaded(None, empty, [_reader_problem(name, text, exc)])
    finally:
        loader.dispose()
    return Loaded(data, source_map, list(loader.key_problems))


def _may_nest_deeper_than(text: str, bound: int) -> bool:
    """Cheap test of an upper bound of nesting depth: block nesting needs a column per level (or a
    ``- `` on the same line), flow a bracket; so depth <= brackets + the longest line."""
    flow = text.count("[") + text.count("{")
    return flow + len(text) > bound and (flow > bound or _has_line_longer_than(text, bound - flow))


def _has_line_longer_than(text: str, length: int) -> bool:
    """Whether a line has more than ``length`` characters, in linear time without splitting the text
    (16 million short lines would take gigabytes): a longer line covers one of the windows of
    ``length // 2`` characters that start at multiples of it, and such a window holds no line break."""
    half = max(length // 2, 1)
    for start in range(0, len(text), half):
        if text.find("\n", start, start + half) == -1:
            first = text.rfind("\n", 0, start) + 1
            end = text.find("\n", start)
            if (len(text) if end == -1 else end) - first > length:
                return True
    return False


def _node_bound(text: str) -> int:
    """Cheap upper bound of the number of nodes: two nodes need something between them (a line break, a
    comma, a dash, a bracket), and a colon or a question mark makes a key and its value."""
    counts = sum(text.count(mark) for mark in ("\n", ",", "-", "[", "{"))
    return 1 + counts + 2 * (text.count(":") + text.count("?"))


def _limit(name: str, where: Node | yaml.Event, message: str, hint: str | None = None) -> Problem:
    """A limit problem located at a node or event."""
    mark = where.start_mark
    return Problem(name, mark.line + 1, mark.column + 1, "limit", message, hint=hint)


def _scan_nodes(text: str, name: str, limits: Limits) -> Problem | None:
    """Count nodes on libyaml's event stream (no tree is built) and stop at the first one over the limit,
    so the time and memory spent are bounded by the limit, not by the file."""
    nodes = 0
    try:
        for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent, yaml.CollectionStartEvent)):
                nodes += 1
                if nodes > limits.max_nodes:
                    return _limit(name, event, f"more than {limits.max_nodes:,} values (scalars, lists and mappings)",
                                  "a journey of 20,000 touchpoints has about 360,000; split the file")
    except yaml.YAMLError:
        return None  # the real parse reports syntax errors with their position
    return None


def _scan_depth(text: str, name: str, limits: Limits) -> Problem | None:
    """Measure nesting on the event stream (libyaml's parser is iterative) before composing."""
    try:
        return _first_too_deep(text, name, limits, getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        if "nesting depth" not in (exc.problem or "") or mark is None:
            return None  # the real parse reports syntax errors with their position
        # libyaml >= 0.2.5 (PyYAML 6.0.4) stops at its own depth limit while reading ahead, before
        # yielding the event where our lower limit is crossed; the pure-Python parser has no such
        # limit, so replay the text up to libyaml's stop with it to locate the crossing.
        try:
            return _first_too_deep(text[: mark.index], name, limits, yaml.SafeLoader)
        except yaml.YAMLError:
            return None
    except yaml.YAMLError:
        return None


def _first_too_deep(text: str, name: str, limits: Limits, loader: type) -> Problem | None:
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > limits.max_depth:
                return _limit(name, event, f"nesting deeper than {limits.max_depth} levels",
                              "journey files need only a few levels")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def _check_graph(root: Node, name: str, limits: Limits) -> Problem | None:
    """Refuse recursive aliases and alias bombs: count nodes as if every alias were expanded."""
    expanded: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            children = _children(node)
            expanded[key] = 1 + sum(expanded[id(child)] for child in children)
            if expanded[key] > limits.max_expanded_nodes:
                mark = node.start_mark
                return Problem(name, mark.line + 1, mark.column + 1, "limit",
                               f"aliases expand to more than {limits.max_expanded_nodes:,} nodes",
                               hint="anchors and aliases may not multiply the document")
            continue
        if key in expanded:
            continue
        if key in on_path:
            mark = node.start_mark
            return Problem(name, mark.line + 1, mark.column + 1, "limit", "recursive alias: a node contains itself")
        if depth > limits.max_depth:
            mark = node.start_mark
            return Problem(name, mark.line + 1, mark.column + 1, "limit",
                           f"nesting deeper than {limits.max_depth} levels")
        on_path.add(key)
        stack.append((node, depth, True))
        for child in _children(node):
            if id(child) not in expanded:
                stack.append((child, depth + 1, False))
    return None


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return node.value
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _yaml_problem(name: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or "invalid YAML"
    if isinstance(exc, _NumberError):
        return Problem(name, line, column, "number", problem,
                       hint="numbers follow YAML 1.2: 17, -3, 2.5, 1e3, 0o17, 0x1F; quote anything else")
    if isinstance(exc, yaml.constructor.ConstructorError) and "constructor for the tag" in problem:
        tag = problem.split("tag", 1)[1].strip().strip("'")
        tag = tag.replace("tag:yaml.org,2002:", "!!")
        return Problem(name, line, column, "tag", f"tag {tag} is not allowed",
                       hint="journey files hold plain data only; remove the tag")
    if isinstance(exc, yaml.composer.ComposerError) and "single document" in (exc.context or ""):
        return Problem(name, line, column, "yaml", "more than one YAML document in the file",
                       expected="exactly one document", hint="remove the extra '---' separator")
    context = f" {exc.context}" if exc.context and exc.context not in problem else ""
    return Problem(name, line, column, "yaml", f"invalid YAML: {problem}{context}")


def _reader_problem(name: str, text: str, exc: yaml.YAMLError) -> Problem:
    position = getattr(exc, "position", None)
    character = getattr(exc, "character", None)
    if isinstance(position, int):
        # libyaml reports byte offsets in UTF-8; text positions are close enough for non-ASCII-free prefixes.
        prefix = text.encode("utf-8")[:position].decode("utf-8", "replace")
        line = prefix.count("\n") + 1
        column = len(prefix) - (prefix.rfind("\n") + 1) + 1
    else:
        line, column = 1, 1
    what = f" {character!r}" if isinstance(character, str) else ""
    reason = getattr(exc, "reason", None) or str(exc)
    return Problem(name, line, column, "yaml", f"invalid YAML: {reason}{what}")
