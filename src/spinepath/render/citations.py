"""Numbered sources: each cited source gets a number the first time a document uses it."""

from __future__ import annotations

from collections.abc import Mapping

from spinepath.domain.model import Source
from spinepath.render.views import Item, SourceRow


class Citations:
    """The sources one document cites, numbered in the order they first appear."""

    def __init__(self, sources: Mapping[str, Source]) -> None:
        self._sources = sources
        self._numbers: dict[str, int] = {}

    def cite(self, source_id: str) -> int:
        return self._numbers.setdefault(source_id, len(self._numbers) + 1)

    def item(self, text: str, source_id: str) -> Item:
        return Item(text, self.cite(source_id))

    def short(self, source_id: str) -> str:
        """The source's short name, for places with no room for the list (a calendar)."""
        source = self._sources.get(source_id)
        return source_id if source is None else source.short

    def rows(self) -> tuple[SourceRow, ...]:
        return tuple(
            self._row(number, source_id)
            for source_id, number in sorted(self._numbers.items(), key=lambda pair: pair[1])
        )

    def _row(self, number: int, source_id: str) -> SourceRow:
        source = self._sources.get(source_id)
        if source is None:
            return SourceRow(number, source_id, None)
        citation = f"{source.short}. {source.publisher}, {source.year}."
        if source.version:
            citation += f" ({source.version})"
        return SourceRow(number, citation, source.url)
