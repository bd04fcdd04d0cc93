"""pydyf's page references kept between look-ups (eunomia.documents.page_references, docs/adr/0054)."""

import pydyf
import pytest

from eunomia.documents import page_references, render

from .test_render import sample_document


def _pdf_with_pages(count):
    pdf = pydyf.PDF()
    for _ in range(count):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    return pdf


@pytest.fixture
def pydyf_as_released():
    """pydyf's own `page_references` for the length of a test, to compare against."""
    ours = pydyf.PDF.page_references
    pydyf.PDF.page_references = property(page_references._build)
    yield
    pydyf.PDF.page_references = ours


def test_the_fix_is_in_place_for_the_pydyf_it_was_made_for():
    assert pydyf.__version__ == page_references.PYDYF_VERSION, (
        "pydyf has changed: check whether PDF.page_references still builds its tuple on every look-up, "
        "then update or remove eunomia.documents.page_references")
    assert page_references.installed()


def test_references_are_pydyfs_and_follow_pages_added_after_a_look_up():
    pdf = _pdf_with_pages(3)
    assert page_references.page_references(pdf) == page_references._build(pdf)
    assert page_references.page_references(pdf) is page_references.page_references(pdf), "kept, not rebuilt"
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    references = page_references.page_references(pdf)
    assert len(references) == 4
    assert references == page_references._build(pdf)
    assert references[3] == f"{pdf.objects[-1].number} 0 R".encode()


def test_each_pdf_keeps_its_own_references():
    one, other = _pdf_with_pages(2), _pdf_with_pages(5)
    assert len(one.page_references) == 2
    assert len(other.page_references) == 5
    one.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert len(one.page_references) == 3
    assert len(other.page_references) == 5


@pytest.mark.parametrize("large_print", [False, True])
def test_tagged_pdf_is_byte_for_byte_the_one_pydyf_makes_alone(large_print, pydyf_as_released):
    document = sample_document()
    as_released = render.to_pdf(document, large_print=large_print)
    pydyf.PDF.page_references = property(page_references.page_references)
    assert render.to_pdf(document, large_print=large_print) == as_released
