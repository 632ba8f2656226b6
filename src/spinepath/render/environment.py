"""The Jinja environment of each locale, with the locale's catalogue installed."""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2

from spinepath.render.language import translations_for

TEMPLATE_DIR = Path(__file__).parent / "templates"


@functools.cache
def environment_for(locale: str) -> jinja2.Environment:
    """One environment per locale, built once, so no render ever swaps the translations."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=jinja2.select_autoescape(("html",)),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.install_gettext_translations(  # type: ignore[attr-defined]
        translations_for(locale), newstyle=True
    )
    return environment


def render_page(template: str, locale: str, view: object) -> str:
    return environment_for(locale).get_template(template).render(view=view)
