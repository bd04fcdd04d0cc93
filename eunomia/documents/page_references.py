"""Tagged PDFs without pydyf's quadratic step (docs/adr/0054, "Faster documents").

To tag a PDF for screen readers (PDF/UA), WeasyPrint looks up `pdf.page_references[n]` once for every
tagged box, and pydyf 0.13 builds the tuple of all the pages' references anew on each look-up. For the
440-page large-print PDF of a 400-target plan that is 31,000 tuples and 14 million references made and
thrown away, about a sixth of the file's time. The tuple only changes when a page is added, so it is
kept until then. The PDF is the same, byte for byte.
"""

import pydyf

# The pydyf this was measured on. Another version is left alone, and a test says so, so that whoever
# upgrades looks again at whether pydyf still builds the tuple on every look-up.
PYDYF_VERSION = "0.13.0"

_build = pydyf.PDF.page_references.fget


def page_references(pdf):
    """pydyf's `PDF.page_references`, built again only when the list of pages has grown."""
    kids = pdf.pages["Kids"]
    kept = pdf.__dict__.get("_kept_page_references")
    if kept is None or kept[0] is not kids or kept[1] != len(kids):
        kept = (kids, len(kids), _build(pdf))
        pdf._kept_page_references = kept
    return kept[2]


def install():
    """Use `page_references` for every PDF pydyf makes, if pydyf is the version it was made for."""
    if pydyf.__version__ != PYDYF_VERSION:
        return False
    pydyf.PDF.page_references = property(page_references)
    return True


def installed():
    return pydyf.PDF.page_references.fget is page_references
