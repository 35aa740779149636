"""Markup comes from templates (issue 15): no module of the server or of the checks writes HTML or
SVG tags in an f-string or a `str.format` string, where one forgotten escape is an injection; the
templates' environment escapes by default and refuses an undefined name; and every template file
is package data, so that an installed wheel has it."""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest
from repo_paths import REPO_ROOT

from sotk_kg.checks.templating import environment

CHECKED = ("sotk_kg/server", "sotk_kg/checks")
# Elements of HTML and SVG a page or chart is made of. Not `head`: the SPARQL results XML that
# server/results.py writes (an XML format of its own, not a page) has a <head> element.
TAG_NAMES = (
    "a|abbr|article|aside|b|blockquote|body|br|button|caption|circle|cite|code|dd|details|"
    "div|dl|dt|em|figcaption|figure|footer|form|g|h1|h2|h3|h4|h5|h6|header|html|i|img|input|"
    "label|li|line|link|main|meta|nav|ol|option|p|path|polyline|pre|rect|script|section|"
    "select|small|span|strong|style|summary|svg|table|tbody|td|text|textarea|th|thead|title|"
    "tr|ul"
)
TAG = re.compile(rf"</?(?:{TAG_NAMES})(?=[\s/>])|<!doctype", re.IGNORECASE)


def _markup_strings(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """(line, text) of each f-string, and each string `.format`ted, whose literal text has a tag."""
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            parts = [v.value for v in node.values if isinstance(v, ast.Constant)]
            text = "".join(p for p in parts if isinstance(p, str))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format"
            and isinstance(node.func.value, ast.Constant)
            and isinstance(node.func.value.value, str)
        ):
            text = node.func.value.value
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            # a module-level page kept as a constant to be `.format`ted later (`_PAGE.format`)
            value = node.value.value
            if not (isinstance(value, str) and re.search(r"\{[a-z_]+\}", value)):
                continue
            text = value
        else:
            continue
        if TAG.search(text):
            yield node.lineno, text


def markup_in_code(root: Path) -> list[str]:
    found = []
    for folder in CHECKED:
        for path in sorted((root / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for line, text in _markup_strings(tree):
                found.append(f"{path.relative_to(root)}:{line}: {text[:60]!r}")
    return found


def test_no_markup_is_built_in_python() -> None:
    assert markup_in_code(REPO_ROOT) == [], "use a template (sotk_kg/server/templates/)"


@pytest.mark.parametrize(
    "source",
    [
        "x = f'<a href=\"{u}\">{t}</a>'",
        'x = f"<tr><td>{v}</td></tr>"',
        'x = f"{head}<p>{text}</p>"',
        "x = f'<svg viewBox=\"0 0 {w} {h}\">'",
        'x = "<option value={i}>{t}</option>".format(i=1, t=2)',
        'PAGE = """<!doctype html><title>{title}</title>"""',
    ],
)
def test_the_rule_sees_markup(source: str) -> None:
    assert [line for line, _ in _markup_strings(ast.parse(source))] == [1]


@pytest.mark.parametrize(
    "source",
    [
        'x = f"<{iri}>"',  # an IRI in SPARQL or Turtle
        "x = f'<{url}>; rel=\"alternate\"'",  # an HTTP Link header
        'x = f"<uri>{v}</uri>"',  # SPARQL results XML
        'x = f"<head/><boolean>{v}</boolean>"',
        'x = f"VALUES ?s {{ <{a}> <{b}> }}"',
        'x = "<p>no placeholder</p>"',
    ],
)
def test_the_rule_leaves_other_angle_brackets(source: str) -> None:
    assert list(_markup_strings(ast.parse(source))) == []


@pytest.mark.parametrize("package", ["sotk_kg.server", "sotk_kg.checks"])
def test_environment_escapes_and_is_strict(package: str) -> None:
    env = environment(package)
    assert env.from_string("{{ v }}").render(v='<b a="1">&') == "&lt;b a=&#34;1&#34;&gt;&amp;"
    for name in ("x.html", "x.svg", "x.xml"):
        assert env.autoescape(name) is True  # type: ignore[operator]
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ missing }}").render()


def _glob_regex(pattern: str) -> re.Pattern[str]:
    """A package-data glob as setuptools reads it: `**/` is any number of folders, `*` one name."""
    parts = re.split(r"(\*\*/|\*)", pattern)
    table = {"**/": "(?:[^/]+/)*", "*": "[^/]*"}
    return re.compile("".join(table.get(p, re.escape(p)) for p in parts))


def test_every_template_is_package_data() -> None:
    globs = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"
    ]
    templates = sorted((REPO_ROOT / "sotk_kg").glob("*/templates/**/*.*"))
    assert {p.suffix for p in templates} >= {".html", ".svg", ".xml"}
    for path in templates:
        package_dir = REPO_ROOT / "sotk_kg" / path.relative_to(REPO_ROOT / "sotk_kg").parts[0]
        inside = path.relative_to(package_dir).as_posix()
        patterns = globs.get(f"sotk_kg.{package_dir.name}", [])
        assert any(_glob_regex(g).fullmatch(inside) for g in patterns), path
