"""Table rows of plans, drawn in Python.

A plan of 20 priorities and 400 targets has thousands of cells; through the template engine the
page took over half a second (benchmarks/bench_pages.py). These tags draw the same GOV.UK markup
with format_html, which escapes every value, in a few milliseconds.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from eunomia.core.templatetags.eunomia import status_tag
from eunomia.plans.targets import MISSING

register = template.Library()


@register.filter
def runs(items):
    """A document's runs of text: figure values link to their note, missing values stand out."""
    parts = []
    for run in items:
        if run.get("note"):
            parts.append(format_html(
                '<a class="govuk-link eunomia-figure-ref" href="#figure-note-{0}">{1}<sup>[{0}]</sup>'
                '<span class="govuk-visually-hidden"> (see figure note {0})</span></a>', run["note"], run["text"]))
        elif run.get("missing"):
            parts.append(format_html('<span class="eunomia-missing">{}</span>', run["text"]))
        else:
            parts.append(format_html("{}", run["text"]))
    return mark_safe("".join(parts))


@register.simple_tag
def document_table_body(block):
    numeric = set(block.get("numeric", ()))
    rows = []
    for row in block["rows"]:
        cells = [format_html('<th scope="row" class="govuk-table__header">{}</th>', runs(row[0]))]
        cells += [format_html('<td class="govuk-table__cell{}">{}</td>',
                              " govuk-table__cell--numeric" if index in numeric else "", runs(cell))
                  for index, cell in enumerate(row[1:], start=1)]
        rows.append(format_html('<tr class="govuk-table__row">{}</tr>', mark_safe("".join(cells))))
    return format_html('<tbody class="govuk-table__body">{}</tbody>', mark_safe("".join(rows)))


def _action_header(action, plan_url, editable, rowspan):
    links = ""
    if editable:
        links = format_html(
            '<br><a class="govuk-link govuk-body-s" href="{0}actions/{1}/">Change<span class="govuk-visually-hidden">'
            ' action: {2}</span></a> <a class="govuk-link govuk-body-s" href="{0}actions/{1}/targets/new/">Add a target'
            '<span class="govuk-visually-hidden"> to {2}</span></a>', plan_url, action.pk, action.title)
    scope = format_html(' scope="rowgroup" rowspan="{}"', rowspan) if rowspan > 1 else mark_safe(' scope="row"')
    return format_html(
        '<th{} class="govuk-table__header" id="action-{}">{}<br><span class="govuk-body-s">{}</span><br>{}{}</th>',
        scope, action.pk, action.title, action.owner_organisation, status_tag(action.status, action.get_status_display()),
        links)


@register.simple_tag(takes_context=True)
def target_rows(context, group, plan_url, editable):
    """The rows of one priority's actions and targets, with the links the user may follow."""
    record_all = context.get("can_record_all", False)
    own = context.get("my_organisations", set())
    out = []
    for action, rows in group.actions:
        header = _action_header(action, plan_url, editable, max(1, len(rows)))
        if not rows:
            out.append(format_html('<tr class="govuk-table__row">{}<td class="govuk-table__cell" colspan="6">No target</td></tr>',
                                   header))
            continue
        may_record = record_all or action.owner_organisation_id in own
        for index, row in enumerate(rows):
            target = row.target
            change_link = format_html(
                '<br><a class="govuk-link govuk-body-s" href="{}targets/{}/">Change<span class="govuk-visually-hidden">'
                ' target: {}</span></a>', plan_url, target.pk, target.measure) if editable else ""
            # Red only where the lack of an actual is a problem: the target is due.
            actual = row.actual or (mark_safe('<span class="eunomia-missing">None</span>') if row.status == MISSING
                                    else mark_safe('<span class="govuk-hint govuk-!-font-size-16">Not yet</span>'))
            record_link = format_html(
                '<br><a class="govuk-link govuk-body-s" href="{}targets/{}/actual/">Record<span class="govuk-visually-hidden">'
                ' the actual for {}</span></a>', plan_url, target.pk, target.measure) if may_record else ""
            out.append(format_html(
                '<tr class="govuk-table__row" id="target-{}">{}<td class="govuk-table__cell">{}{}</td>'
                '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'
                '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'
                '<td class="govuk-table__cell govuk-table__cell--numeric">{}{}</td>'
                '<td class="govuk-table__cell">{}</td><td class="govuk-table__cell">{}</td></tr>',
                target.pk, header if index == 0 else "", target.measure, change_link, row.baseline, row.aim, actual,
                record_link, row.change, status_tag(row.status, row.status_label)))
    return mark_safe("".join(out))
