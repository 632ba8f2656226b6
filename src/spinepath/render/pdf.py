"""HTML pages to PDF with WeasyPrint (A4, from the page's own print styles)."""

from __future__ import annotations

from spinepath.render.environment import TEMPLATE_DIR


def pdf_from_html(html: str) -> bytes:
    """The PDF of a self-contained page; tagged, so that screen readers can follow it."""
    # Imported here: it is slow to import and only PDFs need it. It ships no type hints.
    import weasyprint  # type: ignore[import-untyped]

    document = weasyprint.HTML(string=html, base_url=str(TEMPLATE_DIR))
    pdf: bytes = document.write_pdf(pdf_tags=True)
    return pdf
