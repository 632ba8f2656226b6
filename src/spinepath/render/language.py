"""Which words a document uses: the locale's message catalogue and the region's wording.

Fixed patient-facing text (headings, labels, sentences written by the templates and
presenters) goes through gettext, so a translation is a data change: one ``messages.po``
per locale under ``locale/<locale>/LC_MESSAGES/``. The catalogues are read as ``.po``
files with Babel and compiled in memory, so there is no compile step in the set-up.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from spinepath.domain.model import Knowledge, Region

LOCALE_DIR = Path(__file__).parent / "locale"
LOCALE_BY_REGION = {"uk": "en_GB", "us": "en_US"}
_PLACEHOLDER = re.compile(r"\{(emergency_number|primary_care|urgent_line|paracetamol)\}")


def catalogue_path(locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po"


@functools.cache
def translations_for(locale: str) -> Translations:
    """The locale's catalogue as a gettext ``Translations`` object, read once per process."""
    with catalogue_path(locale).open("rb") as po_file:
        catalog = read_po(po_file, locale=locale)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain="messages")


@dataclass(frozen=True, slots=True)
class Wording:
    """A region's words (999 or 911, GP or primary care doctor) and its locale's messages."""

    locale: str
    region: Region
    translations: Translations

    @property
    def lang(self) -> str:
        """The HTML ``lang`` value, such as ``en-GB``."""
        return self.locale.replace("_", "-")

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self.translations.ngettext(singular, plural, count)

    def fill(self, text: str) -> str:
        """Content text with the region's words put in for its placeholders."""
        words = {
            "emergency_number": self.region.emergency_number,
            "primary_care": self.region.primary_care,
            "urgent_line": self.region.urgent_line,
            "paracetamol": self.region.paracetamol,
        }
        return _PLACEHOLDER.sub(lambda match: words[match.group(1)], text)


def wording_for(region: str, knowledge: Knowledge) -> Wording:
    """The wording for a region code of the plan input (``uk`` or ``us``)."""
    regions = knowledge.pathway.regions
    code = region if region in regions and region in LOCALE_BY_REGION else "uk"
    locale = LOCALE_BY_REGION[code]
    return Wording(locale, regions[code], translations_for(locale))
