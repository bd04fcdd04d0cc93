"""Letters for interventions: each partnership's templates (or the defaults here), filled in for one
intervention and laid out as the plain document eunomia.documents renders to PDF and DOCX."""

import re

from eunomia.interventions.models import Kind, LetterTemplate

PLACEHOLDERS = {
    "person_name": "the person's full name",
    "person_address": "the person's address and postcode",
    "case_reference": "the case reference, such as CASE-2026-00012",
    "date": "the date the intervention was given",
    "officer_name": "the name of the officer generating the letter",
    "partnership_name": "the partnership's name",
}
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Anything in braces, to refuse look-alikes such as "{person name}" or "{person_name.title}".
_BRACED = re.compile(r"\{([^{}]*)\}")

_LETTER_CLOSE = "Yours sincerely,\n\n{officer_name}\n{partnership_name}"

DEFAULTS = {
    Kind.LETTER_1: (
        "Warning letter 1: anti-social behaviour",
        "Dear {person_name},\n\n"
        "We have received reports of anti-social behaviour that we believe involve you (our reference "
        "{case_reference}). This letter is a first warning, given on {date}.\n\n"
        "Anti-social behaviour causes harassment, alarm or distress to others. We ask you to stop it now. "
        "If it continues, we may take further action, which can include a Community Protection Warning, "
        "an Acceptable Behaviour Agreement or an application to court.\n\n"
        "If you would like to talk about this letter, or about any support you need, please contact us "
        "and quote the reference above.\n\n" + _LETTER_CLOSE),
    Kind.LETTER_2: (
        "Warning letter 2: anti-social behaviour",
        "Dear {person_name},\n\n"
        "We wrote to you before about anti-social behaviour (our reference {case_reference}). We have "
        "received further reports since then. This letter is a second warning, given on {date}.\n\n"
        "If the behaviour continues, we are likely to take further action, which can include a "
        "Community Protection Warning or an application to court for a civil injunction.\n\n"
        "Please contact us, quoting the reference above, if you want to discuss this letter.\n\n" + _LETTER_CLOSE),
    Kind.LETTER_3: (
        "Warning letter 3: final warning about anti-social behaviour",
        "Dear {person_name},\n\n"
        "Despite two earlier warnings (our reference {case_reference}), we continue to receive reports "
        "of anti-social behaviour involving you. This letter is a final warning, given on {date}.\n\n"
        "If there are any further incidents, the partnership will consider formal action without "
        "further notice, which can include a Community Protection Notice, a civil injunction or, for "
        "tenants, action against the tenancy.\n\n" + _LETTER_CLOSE),
    Kind.ABA: (
        "Acceptable Behaviour Agreement",
        "This agreement is made on {date} between {person_name} of {person_address} and "
        "{partnership_name} (reference {case_reference}).\n\n"
        "I, {person_name}, agree that I will not behave in a way that causes, or is likely to cause, "
        "harassment, alarm or distress to anyone, and will not encourage others to do so.\n\n"
        "I understand that this agreement is voluntary, that it will be reviewed, and that if I break "
        "it the partnership may take further action, including an application to court.\n\n"
        "Signed ({person_name}): ____________________  Date: __________\n\n"
        "Signed for the partnership ({officer_name}): ____________________  Date: __________"),
}


def template_for(partnership, kind):
    """The partnership's template for `kind`, or an unsaved default; None if there is neither."""
    saved = LetterTemplate.objects.filter(partnership=partnership, kind=kind).first()
    if saved:
        return saved
    if kind in DEFAULTS:
        title, body = DEFAULTS[kind]
        return LetterTemplate(partnership=partnership, kind=kind, title=title, body=body)
    return None


def templates_of(partnership):
    """Every kind that has a letter, with the template in use (saved or default)."""
    saved = {t.kind: t for t in LetterTemplate.objects.filter(partnership=partnership)}
    kinds = [k for k in Kind.values if k in DEFAULTS or k in saved]
    return [saved.get(kind) or template_for(partnership, kind) for kind in kinds]


def unknown_placeholders(text):
    return sorted({name for name in _BRACED.findall(text) if name not in PLACEHOLDERS})


def fill(text, values):
    # A plain substitution rather than str.format: template text is user text, and format would
    # let "{person_name.__class__}" reach into Python objects.
    return _PLACEHOLDER.sub(lambda m: values.get(m[1], m[0]), text)


def values_for(intervention, *, officer):
    person, case = intervention.person, intervention.case
    address = ", ".join(part for part in (person.address.strip(), person.postcode.strip()) if part)
    return {
        "person_name": f"{person.first_name} {person.last_name}",
        "person_address": address or "(address not recorded)",
        "case_reference": case.reference,
        "date": f"{intervention.issued_on:%-d %B %Y}",
        "officer_name": officer.get_full_name() or officer.email,
        "partnership_name": case.partnership.name,
    }


def letter_document(intervention, template, *, officer):
    """The letter as the plain document eunomia.documents.render takes."""
    values = values_for(intervention, officer=officer)
    title = fill(template.title, values)
    # Each line is a paragraph: the signature block's lines must not run together.
    paragraphs = [line.strip() for line in fill(template.body, values).splitlines()]
    blocks = [{"type": "paragraph", "runs": [{"text": p}]} for p in paragraphs if p]
    return {
        "title": title,
        "partnership": {"name": intervention.case.partnership.name},
        "sections": [{"id": "letter", "title": title, "blocks": blocks}],
    }
