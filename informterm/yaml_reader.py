"""The one YAML reader: every YAML file informterm reads (config.yaml, themes, the demo data)
goes through here. PyYAML's SafeLoader only; each mapping key keeps its line number, so a
problem can be reported by file, line and key. ``read_yaml`` also keeps what parsing gave in
the cache folder; ``parse_yaml`` over ``read_bytes`` and ``decode`` reads without it.

A file is refused, with a ConfigError saying why, before anything in it is expanded: one
larger than ``MAX_FILE_BYTES``, nesting deeper than ``MAX_DEPTH``, or using aliases
(``*name``) more than ``MAX_ALIASES`` times, inside their own anchored value, or so that
copying them would add more than ``MAX_ALIAS_EXPANSION`` values (the "billion laughs": a few
hundred bytes that expand to a billion strings once walked or written out).
"""

from __future__ import annotations

import functools
import hashlib
import os
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import yaml

MAX_FILE_BYTES = 1_000_000
"""The largest YAML file read; the shipped demo data, the biggest, is about 52 kB."""
MAX_ALIASES = 100
"""The most alias uses (``*name``) one document may have."""
MAX_ALIAS_EXPANSION = 10_000
"""The most values that aliases may add to a document, counting each use as a copy."""
MAX_DEPTH = 100
"""The deepest nesting of lists and mappings a document may have."""

# Part of every cache key: an entry kept by a reader with other limits (or none) must never
# stand in for a file these limits refuse.
_CACHE_KEY = b"informterm yaml cache 3\n"


@dataclass(frozen=True, slots=True)
class ConfigProblem:
    """One thing wrong with a YAML file: where (line, key) and what."""

    message: str
    key: str | None = None
    line: int | None = None
    column: int | None = None

    def describe(self) -> str:
        """The problem as one line, such as ``line 3: meetings_per_day: expected ...``."""
        parts = []
        if self.line is not None:
            where = f"line {self.line}"
            if self.column is not None:
                where += f", column {self.column}"
            parts.append(where)
        if self.key:
            parts.append(self.key)
        parts.append(self.message)
        return ": ".join(parts)


class ConfigError(Exception):
    """A config (or other YAML) file that cannot be used; the message is for the user."""

    def __init__(self, path: Path, problems: list[ConfigProblem]) -> None:
        self.path = path
        self.problems = sorted(problems, key=lambda p: (p.line or 0, p.column or 0))
        if len(self.problems) == 1:
            message = f"{path}: {self.problems[0].describe()}"
        else:
            lines = "\n".join(f"  {problem.describe()}" for problem in self.problems)
            message = f"{path}: {len(self.problems)} problems:\n{lines}"
        super().__init__(message)


# -- reading YAML with line numbers -------------------------------------------------------


def _item_key(index: int) -> str:
    """How a list item stands in a key path: its index in brackets, as no key is written."""
    return f"[{index}]"


@dataclass(slots=True)
class YamlDocument:
    """A YAML file's data plus, for every mapping key, its line and raw scalar text, and
    for every list item its line."""

    path: Path
    data: Any
    lines: dict[tuple[str, ...], int] = field(default_factory=dict)
    raw: dict[tuple[str, ...], str] = field(default_factory=dict)
    duplicates: list[ConfigProblem] = field(default_factory=list)
    first_line: int = 1

    def line(self, *keys: object) -> int | None:
        """The 1-based line of the key at ``keys`` (a path of mapping keys), if known."""
        return self.lines.get(tuple(str(key) for key in keys))

    def item_line(self, *keys: object, index: int) -> int | None:
        """The 1-based line of item ``index`` (from 0) of the list at ``keys``, else the
        line of its key."""
        return self.lines.get((*(str(key) for key in keys), _item_key(index))) or self.line(*keys)

    def plain_text(self, *keys: object) -> str | None:
        """The text of an unquoted scalar value exactly as typed, before YAML typed it.

        YAML 1.1 reads ``17:30`` as the number 1050 and ``no`` as false; for settings that
        are text by nature the typed characters are what the user meant.
        """
        return self.raw.get(tuple(str(key) for key in keys))


def read_yaml(path: Path) -> YamlDocument:
    """Read a YAML file safely, keeping line numbers; raise ConfigError if unreadable.

    A file read before is not parsed again: what parsing it gave is kept in the cache
    folder under a digest of its bytes (importing and running PyYAML costs more than the
    rest of starting the app's config and themes together).
    """
    content = read_bytes(path)
    digest = hashlib.sha256(_CACHE_KEY + content).hexdigest()
    document = _cached_document(path, digest)
    if document is not None:
        return document
    document = parse_yaml(path, decode(path, content))
    _keep_document(document, digest)
    return document


def read_bytes(path: Path) -> bytes:
    """The bytes of a YAML file; ConfigError if it cannot be read or is too large.

    At most one byte past the limit is read, so a huge file costs no memory.
    """
    try:
        with path.open("rb") as handle:
            content = handle.read(MAX_FILE_BYTES + 1)
            status = os.fstat(handle.fileno())
    except OSError as error:
        raise ConfigError(path, [ConfigProblem(f"cannot be read: {error.strerror}")]) from None
    if len(content) > MAX_FILE_BYTES:
        size = (
            f"is {status.st_size:,} bytes"
            if stat.S_ISREG(status.st_mode)
            else f"has more than {MAX_FILE_BYTES:,} bytes"
        )
        message = f"{size}; a YAML file may have at most {MAX_FILE_BYTES:,} bytes"
        raise ConfigError(path, [ConfigProblem(message)])
    return content


def decode(path: Path, content: bytes) -> str:
    """A YAML file's bytes as text (a UTF-8 byte-order mark dropped); ConfigError if they
    are not UTF-8."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problem = f"is not UTF-8 text (bad byte at offset {error.start})"
        raise ConfigError(path, [ConfigProblem(problem)]) from None


def _yaml_cache(digest: str) -> Path:
    from informterm.paths import user_cache_dir

    return user_cache_dir() / "yaml" / f"{digest}.json"


def _cached_document(path: Path, digest: str) -> YamlDocument | None:
    """The document parsed from a file with these bytes before, or None."""
    import orjson

    try:
        kept = orjson.loads(_yaml_cache(digest).read_bytes())
        return YamlDocument(
            path=path,
            data=kept["data"],
            lines={tuple(keys): line for keys, line in kept["lines"]},
            raw={tuple(keys): text for keys, text in kept["raw"]},
            duplicates=[ConfigProblem(**problem) for problem in kept["duplicates"]],
            first_line=kept["first_line"],
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _keep_document(document: YamlDocument, digest: str) -> None:
    """Keep what parsing gave, when JSON holds it exactly (YAML dates or sets it does not)."""
    import dataclasses

    import orjson

    from informterm.paths import write_cache_file

    try:
        content = orjson.dumps(
            {
                "data": document.data,
                "lines": [[list(keys), line] for keys, line in document.lines.items()],
                "raw": [[list(keys), text] for keys, text in document.raw.items()],
                "duplicates": [dataclasses.asdict(problem) for problem in document.duplicates],
                "first_line": document.first_line,
            }
        )
    except TypeError:  # orjson's encode error: keys that are not strings, say
        return
    if orjson.loads(content)["data"] == document.data:
        write_cache_file(_yaml_cache(digest), content)


def parse_yaml(path: Path, text: str) -> YamlDocument:
    """Parse YAML text (from ``path``, named in errors) like ``read_yaml``."""
    root, data = _load(path, text, construct=True)
    document = YamlDocument(path=path, data=data)
    if root is not None:
        document.first_line = root.start_mark.line + 1
        _index(root, (), document)
    return document


def compose_yaml(path: Path, text: str) -> yaml.Node | None:
    """The node tree of YAML text (from ``path``, named in errors), for editing the text in
    place by the nodes' marks; None for an empty document. Raises ConfigError."""
    return _load(path, text, construct=False)[0]


def _load(path: Path, text: str, *, construct: bool) -> tuple[yaml.Node | None, Any]:
    # Imported here: with no config.yaml (the usual case) nothing needs PyYAML, and
    # importing it costs startup.
    import yaml

    try:
        # The reader checks the characters as it is built: a control character fails here.
        loader = _limited_loader()(text)
    except yaml.reader.ReaderError as error:
        raise ConfigError(path, [_character_problem(text, error)]) from None
    try:
        root = loader.get_single_node()
        if root is not None:
            _check_expansion(root)
        data = None if root is None or not construct else loader.construct_document(root)
    except _Refused as refused:
        raise ConfigError(path, [refused.problem]) from None
    except RecursionError:
        raise ConfigError(path, [ConfigProblem(_TOO_DEEP)]) from None
    except yaml.reader.ReaderError as error:
        raise ConfigError(path, [_character_problem(text, error)]) from None
    except yaml.MarkedYAMLError as error:
        raise ConfigError(path, [_syntax_problem(error)]) from None
    except yaml.YAMLError as error:
        raise ConfigError(path, [ConfigProblem(f"invalid YAML: {error}")]) from None
    finally:
        loader.dispose()
    return root, data


# -- the limits -----------------------------------------------------------------------------

_TOO_DEEP = f"nests more than {MAX_DEPTH} levels deep"


class _Refused(Exception):
    """A document the limits refuse, raised while it is composed."""

    def __init__(self, problem: ConfigProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@functools.cache
def _limited_loader() -> type[yaml.SafeLoader]:
    """PyYAML's SafeLoader, counting aliases and depth as it composes the document.

    PyYAML composes an alias as the very node its anchor named, so composing is cheap
    whatever the aliases are; what blows up is walking the result. These checks run before
    anything walks it.
    """
    import yaml

    class LimitedLoader(yaml.SafeLoader):
        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self.alias_uses = 0
            self.depth = 0
            # Anchors whose value is still being composed: an alias to one is a loop.
            self.open_anchors: set[str] = set()

        def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
            event = self.peek_event()
            line, column = event.start_mark.line + 1, event.start_mark.column + 1
            if isinstance(event, yaml.AliasEvent):
                self.alias_uses += 1
                if self.alias_uses > MAX_ALIASES:
                    message = (
                        f"uses too many aliases (YAML anchors '*name'): at most {MAX_ALIASES} "
                        "are allowed in one file; write the values out instead"
                    )
                    raise _Refused(ConfigProblem(message, line=line, column=column))
                if event.anchor in self.open_anchors:
                    message = (
                        f"the alias '*{event.anchor}' is used inside the value it names, "
                        "so that value would never end"
                    )
                    raise _Refused(ConfigProblem(message, line=line, column=column))
                return super().compose_node(parent, index)
            collection = isinstance(event, yaml.CollectionStartEvent)
            if collection and self.depth >= MAX_DEPTH:
                raise _Refused(ConfigProblem(_TOO_DEEP, line=line, column=column))
            anchor = event.anchor
            if anchor is not None:
                self.open_anchors.add(anchor)
            self.depth += collection
            try:
                return super().compose_node(parent, index)
            finally:
                self.depth -= collection
                if anchor is not None:
                    self.open_anchors.discard(anchor)

    return LimitedLoader


def _check_expansion(root: yaml.Node) -> None:
    """Refuse a document whose aliases, each counted as a copy, add too many values.

    Each node's expanded size is computed once (by identity), so this takes time in
    proportion to the composed document however far it would expand. Only what aliases
    add counts: a large file without aliases is bounded by ``MAX_FILE_BYTES`` already.
    """
    import yaml

    sizes: dict[int, int] = {}

    def size(node: yaml.Node) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known
        if isinstance(node, yaml.SequenceNode):
            total = 1 + sum(size(item) for item in node.value)
        elif isinstance(node, yaml.MappingNode):
            total = 1 + sum(size(key) + size(value) for key, value in node.value)
        else:
            total = 1
        sizes[id(node)] = total
        return total

    if size(root) - len(sizes) > MAX_ALIAS_EXPANSION:
        message = (
            f"expands to more than {MAX_ALIAS_EXPANSION:,} values through its aliases "
            "(YAML anchors '*name'); write the values out or use fewer aliases"
        )
        raise _Refused(ConfigProblem(message))


def _character_problem(text: str, error: yaml.reader.ReaderError) -> ConfigProblem:
    """A character YAML does not allow (a control character, say), by line and column."""
    before = text[: error.position]
    line = before.count("\n") + 1
    column = error.position - (before.rfind("\n") + 1) + 1
    code = error.character if isinstance(error.character, int) else ord(error.character)
    name = unicodedata.name(chr(code), "").lower()
    what = f"the character U+{code:04X} ({name})" if name else f"the control character U+{code:04X}"
    message = f"{what} is not allowed in YAML: delete it"
    return ConfigProblem(message, line=line, column=column)


def _syntax_problem(error: yaml.MarkedYAMLError) -> ConfigProblem:
    mark = error.problem_mark or error.context_mark
    message = "invalid YAML: " + ", ".join(part for part in (error.context, error.problem) if part)
    if mark is None:
        return ConfigProblem(message)
    return ConfigProblem(message, line=mark.line + 1, column=mark.column + 1)


def _index(node: yaml.Node, prefix: tuple[str, ...], document: YamlDocument) -> None:
    import yaml

    if isinstance(node, yaml.SequenceNode):
        for position, item in enumerate(node.value):
            path = (*prefix, _item_key(position))
            document.lines[path] = item.start_mark.line + 1
            _index(item, path, document)
        return
    if not isinstance(node, yaml.MappingNode):
        return
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            continue
        path = (*prefix, key_node.value)
        line = key_node.start_mark.line + 1
        earlier = document.lines.get(path)
        if earlier is not None:
            document.duplicates.append(
                ConfigProblem(
                    f"appears twice (lines {earlier} and {line}); keep one",
                    key=".".join(path),
                    line=line,
                )
            )
        document.lines[path] = line
        if isinstance(value_node, yaml.ScalarNode) and value_node.style is None:
            document.raw[path] = value_node.value
        _index(value_node, path, document)
