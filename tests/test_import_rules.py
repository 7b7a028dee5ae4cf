"""The import rules of docs/ARCHITECTURE.md, checked from the code with ``ast``.

Every module under ``crawler/`` belongs to exactly one component of the table (its longest
``where`` prefix); each ``import`` of it (top level, in functions, under ``TYPE_CHECKING``) must
name its own component, a component the table lets it import, the standard library or a
third-party package; Scrapy, Twisted and scrapy-redis only where the table says ``yes``.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import REPO

TABLE_ROW = re.compile(
    r"^\|\s*`(?P<name>\w+)`\s*\|\s*`(?P<where>[^`]+)`\s*\|(?P<may>[^|]*)\|\s*(?P<scrapy>yes|no)\s*\|$"
)
SCRAPY_PACKAGES = ("scrapy", "twisted", "scrapy_redis")


@dataclass(frozen=True)
class Component:
    name: str
    where: str
    may_import: frozenset[str]
    scrapy: bool


def components() -> list[Component]:
    text = (REPO / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    found = []
    for line in text.splitlines():
        m = TABLE_ROW.match(line.strip())
        if m:
            found.append(Component(m["name"], m["where"], frozenset(re.findall(r"`(\w+)`", m["may"])),
                                   m["scrapy"] == "yes"))
    return found


COMPONENTS = components()


def component_of(path: str) -> Component | None:
    """The component whose ``where`` is the longest prefix of a repository path."""
    matches = [c for c in COMPONENTS if path == c.where or (c.where.endswith("/") and path.startswith(c.where))]
    return max(matches, key=lambda c: len(c.where), default=None)


def module_path(module: str) -> str:
    """``crawler.state.sqlite`` -> the repository path of that module (or package)."""
    base = REPO / Path(*module.split("."))
    if (base / "__init__.py").exists():
        return f"{base.relative_to(REPO)}/__init__.py"
    return f"{base.relative_to(REPO)}.py"


def imports(tree: ast.AST, package: str) -> list[str]:
    """Every module an ``import`` statement of ``tree`` names (relative imports resolved)."""
    out: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts)
                mod = f"{base}.{node.module}" if node.module else base
            else:
                mod = node.module or ""
            out.append(mod)
            # `from crawler import settings` names the module crawler.settings
            out.extend(f"{mod}.{alias.name}" for alias in node.names
                       if mod.startswith("crawler") and (REPO / Path(*f"{mod}.{alias.name}".split("."))).with_suffix(
                           ".py").exists())
    return out


SOURCES = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "crawler").rglob("*.py"))


def test_the_table_is_read() -> None:
    names = {c.name for c in COMPONENTS}
    assert {"extraction", "state", "spiders", "pipelines", "sampleweb", "records"} <= names
    for c in COMPONENTS:
        assert c.may_import <= names, f"{c.name} may import an unknown component: {c.may_import - names}"


@pytest.mark.parametrize("path", SOURCES)
def test_module_follows_the_import_rules(path: str) -> None:
    own = component_of(path)
    assert own is not None, f"{path} belongs to no component of docs/ARCHITECTURE.md"
    package = path.removesuffix(".py").replace("/", ".").removesuffix(".__init__")
    if not path.endswith("__init__.py"):
        package = package.rsplit(".", 1)[0]
    tree = ast.parse((REPO / path).read_text(encoding="utf-8"), filename=path)
    for name in imports(tree, package):
        top = name.split(".")[0]
        if top in SCRAPY_PACKAGES:
            assert own.scrapy, f"{path} ({own.name}) imports {name}, but {own.name} must not import Scrapy"
        if top != "crawler" or name == "crawler":
            continue
        other = component_of(module_path(name))
        assert other is not None, f"{path} imports {name}, which belongs to no component"
        assert other.name == own.name or other.name in own.may_import, (
            f"{path} ({own.name}) imports {name} ({other.name}); {own.name} may import only "
            f"{', '.join(sorted(own.may_import)) or 'nothing of the crawler'}"
        )


def test_a_forbidden_import_is_caught(tmp_path: Path) -> None:
    """The checker itself: an extraction module importing a spider is reported."""
    tree = ast.parse("from crawler.spiders.base import SiteSpider\nimport scrapy\n")
    names = imports(tree, "crawler.extraction")
    extraction = component_of("crawler/extraction/body.py")
    assert extraction is not None and not extraction.scrapy
    assert component_of(module_path(names[0])).name == "spiders"  # type: ignore[union-attr]
    assert "spiders" not in extraction.may_import
