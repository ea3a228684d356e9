"""The one YAML reader: every YAML file informterm reads (config.yaml, themes, the demo data)
goes through ``read_yaml``, which uses PyYAML's SafeLoader only and keeps each mapping key's
line number, so a problem can be reported by file, line and key.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import yaml


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


@dataclass(slots=True)
class YamlDocument:
    """A YAML file's data plus, for every mapping key, its line and raw scalar text."""

    path: Path
    data: Any
    lines: dict[tuple[str, ...], int] = field(default_factory=dict)
    raw: dict[tuple[str, ...], str] = field(default_factory=dict)
    duplicates: list[ConfigProblem] = field(default_factory=list)
    first_line: int = 1

    def line(self, *keys: object) -> int | None:
        """The 1-based line of the key at ``keys`` (a path of mapping keys), if known."""
        return self.lines.get(tuple(str(key) for key in keys))

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
    try:
        content = path.read_bytes()
    except OSError as error:
        raise ConfigError(path, [ConfigProblem(f"cannot be read: {error.strerror}")]) from None
    digest = hashlib.sha256(content).hexdigest()
    document = _cached_document(path, digest)
    if document is not None:
        return document
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problem = f"is not UTF-8 text (bad byte at offset {error.start})"
        raise ConfigError(path, [ConfigProblem(problem)]) from None
    document = parse_yaml(path, text)
    _keep_document(document, digest)
    return document


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
        loader = yaml.SafeLoader(text)
    except yaml.reader.ReaderError as error:
        raise ConfigError(path, [_character_problem(text, error)]) from None
    try:
        root = loader.get_single_node()
        data = None if root is None or not construct else loader.construct_document(root)
    except yaml.reader.ReaderError as error:
        raise ConfigError(path, [_character_problem(text, error)]) from None
    except yaml.MarkedYAMLError as error:
        raise ConfigError(path, [_syntax_problem(error)]) from None
    except yaml.YAMLError as error:
        raise ConfigError(path, [ConfigProblem(f"invalid YAML: {error}")]) from None
    finally:
        loader.dispose()
    return root, data


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
