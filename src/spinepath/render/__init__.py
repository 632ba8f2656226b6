"""Patient documents: the personal leaflet, consent form, discharge sheet and calendar.

A shell around the engine: it may import the contract, the knowledge and the core, and
only the outer shells (the CLI, the web app and its services) import it. Presenters
decide what to say (labels, dates, CSS classes); Jinja templates only print it; fixed
wording comes from the locale's message catalogue and the region's words from the content.
"""

from spinepath.render.documents import KINDS, render_document
from spinepath.render.pdf import pdf_from_html

__all__ = ["KINDS", "pdf_from_html", "render_document"]
