"""The Jinja environments every HTML page, report and SVG chart is rendered with.

Autoescaped (HTML, SVG, XML), so data is text and never markup unless Python marks it `Markup`;
`StrictUndefined`, so a misspelt name fails the render instead of printing nothing. One
environment per package that has templates: the server's also sees these checks templates (the
layers let the server use checks, not the reverse)."""

from __future__ import annotations

from functools import cache

import jinja2
from markupsafe import Markup

__all__ = ["Markup", "environment", "render"]

# Whose `templates/` folders an environment loads, first match wins.
_SEARCH = {
    "sotk_kg.checks": ("sotk_kg.checks",),
    "sotk_kg.server": ("sotk_kg.server", "sotk_kg.checks"),
}


def _thousands(number: object) -> str:
    """12345 -> "12,345" (the pages' byte counts)."""
    return f"{int(str(number)):,}"


def _px(number: float) -> str:
    """A coordinate as the charts write it: rounded to a whole unit."""
    return f"{number:.0f}"


@cache
def environment(package: str = "sotk_kg.checks") -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [jinja2.PackageLoader(p, "templates") for p in _SEARCH.get(package, (package,))]
        ),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "svg", "xml"), default_for_string=True, default=True
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["thousands"] = _thousands
    env.filters["px"] = _px
    # `tojson` (JSON data blocks in a page) keeps the order and the characters it is given.
    env.policies["json.dumps_kwargs"] = {"sort_keys": False, "ensure_ascii": False}
    return env


def render(package: str, template: str, **data: object) -> Markup:
    """A template rendered as markup (safe to put into another template as it is)."""
    return Markup(environment(package).get_template(template).render(**data))
