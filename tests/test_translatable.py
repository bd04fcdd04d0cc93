"""Every text a resident reads passes through Django's translation machinery, so a Welsh (or any)
translation can be added without touching a template (issue 15, ADR 67): the public templates hold
no words outside {% translate %} and {% blocktranslate %}, in their text or in the attributes a
screen reader speaks. Staff pages are not yet held to this."""

import re
from pathlib import Path

import pytest
from django.template.base import Lexer, TokenType

ROOT = Path(__file__).resolve().parent.parent / "eunomia"

# Templates a visitor who has not signed in can be shown, and the partials they include.
PUBLIC_TEMPLATES = [
    "core/templates/base.html",
    "core/templates/core/403.html",
    "core/templates/core/404.html",
    "core/templates/core/public_refused.html",
    "core/templates/core/partials/error_summary.html",
    "core/templates/core/partials/messages.html",
    "core/templates/core/partials/pagination.html",
    "core/templates/core/partials/navigation.html",
    "core/templates/core/partials/form_page.html",
    "plans/templates/plans/public/partnership.html",
]
# Directories whose every template is public.
PUBLIC_DIRECTORIES = [
    # Applying for an ASB case review and the partnership's case review page (ADR 63).
    "casereview/templates/casereview/public",
    # Reporting a hate incident (ADR 62) and meetings in public (ADR 64).
    "hatereports/templates/hatereports/public",
    "governance/templates/governance/public",
    # The partnership's Family Focus figures (ADR 68).
    "families/templates/families/public",
]

SPOKEN_ATTRIBUTES = re.compile(r'\b(?:aria-label|alt|title|placeholder)="([^"]*)"')
TAG = re.compile(r"<[^>]*>")
ENTITY = re.compile(r"&[a-z]+;|&#\d+;")
PLACEHOLDER = "\x00"


def public_templates():
    found = [ROOT / name for name in PUBLIC_TEMPLATES]
    for directory in PUBLIC_DIRECTORIES:
        found.extend(sorted((ROOT / directory).rglob("*.html")))
    return found


def untranslated_words(source):
    """The words of a template's text that no translation tag carries. The template is read as its
    text with each variable and tag replaced by a placeholder, so an HTML tag broken by a template
    tag is still known to be markup."""
    parts, inside, comment = [], None, False
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0]
            if name == "comment":
                comment = True
            elif name == "endcomment":
                comment = False
            elif name in ("blocktranslate", "blocktrans"):
                inside = name
            elif name in ("endblocktranslate", "endblocktrans"):
                inside = None
            parts.append(PLACEHOLDER)
        elif token.token_type == TokenType.TEXT and not comment and not inside:
            parts.append(token.contents)
        else:
            parts.append(PLACEHOLDER)
    text = "".join(parts)
    words = [spoken for spoken in SPOKEN_ATTRIBUTES.findall(text) if re.search(r"[A-Za-z]{2,}", spoken)]
    remaining = ENTITY.sub(" ", TAG.sub(" ", text))
    words.extend(re.findall(r"[A-Za-z][A-Za-z'’]+(?:[ \t]+[A-Za-z'’]+)*", remaining))
    return words


@pytest.mark.parametrize("path", public_templates(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_word_of_a_public_template_can_be_translated(path):
    assert untranslated_words(path.read_text()) == []


def test_the_check_finds_words_left_untranslated():
    assert untranslated_words('<h1>{% translate "Report" %}</h1><p>Left out</p>') == ["Left out"]
    assert untranslated_words('<nav aria-label="Menu">{% translate "Go" %}</nav>') == ["Menu"]
    assert untranslated_words("{% blocktranslate %}All of {{ it }}{% endblocktranslate %}") == []
    assert untranslated_words("{% comment %}Notes for developers{% endcomment %}&nbsp;") == []
