"""A subject access export: everything Eunomia holds on a person, as a document (PDF or DOCX)."""

from django.utils import timezone

from eunomia.records.registry import holders


def sections_for(person):
    """[(title, [(heading, {label: text})])] for every kind of record that has any."""
    return [(holder.title, rows) for holder in holders() if (rows := holder.function(person))]


def sar_document(person):
    return subject_access_document(person.partnership, f"Information held on {person}", sections_for(person))


def subject_access_document(partnership, title, sections):
    """`sections` ([(title, [(heading, {label: text})])]) as the plain data eunomia.documents renders."""
    blocks_by_section = []
    for n, (section_title, rows) in enumerate(sections, 1):
        blocks = []
        for heading, fields in rows:
            blocks.append({"type": "heading", "text": heading})
            blocks.append({"type": "table", "caption": heading, "columns": ["", ""], "widths": [30, 70],
                           "numeric": [], "rows": [[[{"text": label}], [{"text": str(value)}]]
                                                   for label, value in fields.items() if value not in ("", None)]})
        blocks_by_section.append({"id": f"section-{n}", "title": section_title, "blocks": blocks})
    return {
        "format": 1,
        "partnership": {"name": partnership.name, "slug": partnership.slug, "is_demo": partnership.is_demo},
        "title": title,
        "accessibility": f"Subject access export produced on {timezone.localtime():%-d %B %Y at %H:%M}.",
        "demo_notice": "Demonstration document: the people in it are invented." if partnership.is_demo else "",
        "sections": blocks_by_section,
    }
