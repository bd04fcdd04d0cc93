"""Table rows of plans, drawn in Python.

A plan of 20 priorities and 400 targets has thousands of cells; through the template engine the
page took over half a second, and even Django's format_html (which checks every argument for
laziness and safety) took a third of the page's time (benchmarks/bench_pages.py). These tags write
the same GOV.UK markup with f-strings, passing every value through `_e`, the standard library's
HTML escape: every piece of text that reaches the page is escaped exactly once, here.
"""

from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from eunomia.core.templatetags.eunomia import STATUS_COLOURS
from eunomia.plans.targets import MISSING
from eunomia.plans.templatetags.action_rollup import rollup_html

register = template.Library()


def _e(value):
    return escape(str(value), quote=True)


def _tag(key, label):
    return f'<strong class="govuk-tag govuk-tag--{STATUS_COLOURS.get(key, "grey")}">{_e(label)}</strong>'


def not_for_publication(published_as):
    """The mark on a draft's value that the published plan will not show (ADR 65)."""
    if not published_as:
        return ""
    words = _e(_("Not for publication: the published plan shows \u201c%(published_as)s\u201d") % {
        "published_as": published_as})
    return f' <strong class="govuk-tag govuk-tag--orange eunomia-not-for-publication">{words}</strong>'


def _runs(items):
    parts = []
    for run in items:
        text = _e(run["text"])
        if run.get("note"):
            note = int(run["note"])
            parts.append(f'<a class="govuk-link eunomia-figure-ref" href="#figure-note-{note}">{text}<sup>[{note}]</sup>'
                         f'<span class="govuk-visually-hidden"> (see figure note {note})</span></a>')
        elif run.get("missing"):
            parts.append(f'<span class="eunomia-missing">{text}</span>')
        else:
            parts.append(text)
        parts.append(not_for_publication(run.get("not_for_publication")))
    return "".join(parts)


@register.filter
def runs(items):
    """A document's runs of text: figure values link to their note, missing values stand out."""
    return mark_safe(_runs(items))


@register.simple_tag
def document_table_body(block):
    numeric = set(block.get("numeric", ()))
    rows = []
    for row in block["rows"]:
        cells = [f'<th scope="row" class="govuk-table__header">{_runs(row[0])}</th>']
        for index, cell in enumerate(row[1:], start=1):
            modifier = " govuk-table__cell--numeric" if index in numeric else ""
            cells.append(f'<td class="govuk-table__cell{modifier}">{_runs(cell)}</td>')
        rows.append(f'<tr class="govuk-table__row">{"".join(cells)}</tr>')
    return mark_safe(f'<tbody class="govuk-table__body">{"".join(rows)}</tbody>')


def _action_header(action, plan_url, editable, rowspan, rollup=""):
    title = _e(action.title)
    links = ""
    if editable:
        links = (f'<br><a class="govuk-link govuk-body-s" href="{plan_url}actions/{action.pk}/">Change'
                 f'<span class="govuk-visually-hidden"> action: {title}</span></a> '
                 f'<a class="govuk-link govuk-body-s" href="{plan_url}actions/{action.pk}/targets/new/">Add a target'
                 f'<span class="govuk-visually-hidden"> to {title}</span></a>')
    scope = f' scope="rowgroup" rowspan="{rowspan}"' if rowspan > 1 else ' scope="row"'
    partners = action.delivery_partners_in_words
    partners = f'<span class="govuk-body-s">With {_e(partners)}</span><br>' if partners else ""
    return (f'<th{scope} class="govuk-table__header" id="action-{action.pk}">{title}<br>'
            f'<span class="govuk-body-s">{_e(action.leads_in_words)}</span><br>{partners}'
            f'{_tag(action.status, action.get_status_display())}{rollup}{links}</th>')


@register.simple_tag(takes_context=True)
def may_record_actual(context, lead_ids):
    """May the reader record the actual of a target whose action is led by `lead_ids`: anyone who may
    record every actual, or a member of any of its lead organisations who may record their own."""
    return context.get("can_record_all", False) or bool(set(lead_ids) & context.get("my_organisations", set()))


@register.simple_tag(takes_context=True)
def target_rows(context, group, plan_url, editable):
    """The rows of one priority's actions and targets, with the links the user may follow."""
    plan_url = _e(plan_url)
    # What the working groups' items say, beside each action they cover (ADR 0034).
    rollups = context.get("rollups", {})
    csrf_token = context.get("csrf_token", "")
    out = []
    for action, rows in group.actions:
        rollup = rollup_html(rollups.get(action.pk), may_apply=editable, csrf_token=csrf_token, back="plan")
        header = _action_header(action, plan_url, editable, max(1, len(rows)), rollup)
        if not rows:
            out.append(f'<tr class="govuk-table__row">{header}<td class="govuk-table__cell" colspan="6">No target</td></tr>')
            continue
        may_record = may_record_actual(context, action.owner_organisation_ids)
        for index, row in enumerate(rows):
            target = row.target
            measure = _e(target.measure)
            change_link = (f'<br><a class="govuk-link govuk-body-s" href="{plan_url}targets/{target.pk}/">Change'
                           f'<span class="govuk-visually-hidden"> target: {measure}</span></a>') if editable else ""
            record_link = (f'<br><a class="govuk-link govuk-body-s" href="{plan_url}targets/{target.pk}/actual/">Record'
                           f'<span class="govuk-visually-hidden"> the actual for {measure}</span></a>') if may_record else ""
            milestones = ""
            if row.milestones:
                items = []
                for m in row.milestones:
                    record = (f' <a class="govuk-link" href="{plan_url}milestones/{m.milestone.pk}/actual/">Record'
                              f'<span class="govuk-visually-hidden"> the actual by {m.milestone.due_on:%-d %B %Y} for '
                              f'{measure}</span></a>') if may_record else ""
                    reached = f", reached {_e(m.actual)}" if m.actual else ""
                    items.append(f'<li>By {m.milestone.due_on:%-d %b}: {_e(m.aim)}{reached} '
                                 f'({_e(m.status_label.lower())}){record}</li>')
                milestones = (f'<ul class="govuk-list govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">'
                              f'{"".join(items)}</ul>')
            if row.actual:
                actual = _e(row.actual) + not_for_publication(row.not_for_publication)
            elif row.status == MISSING:
                # Red only where the lack of an actual is a problem: the target is due.
                actual = '<span class="eunomia-missing">None</span>'
            else:
                actual = '<span class="govuk-hint govuk-!-font-size-16">Not yet</span>'
            out.append(
                f'<tr class="govuk-table__row" id="target-{target.pk}">{header if index == 0 else ""}'
                f'<td class="govuk-table__cell">{measure}{change_link}{milestones}</td>'
                f'<td class="govuk-table__cell govuk-table__cell--numeric">{_e(row.baseline)}</td>'
                f'<td class="govuk-table__cell govuk-table__cell--numeric">{_e(row.aim)}</td>'
                f'<td class="govuk-table__cell govuk-table__cell--numeric">{actual}{record_link}</td>'
                f'<td class="govuk-table__cell">{_e(row.change)}</td>'
                f'<td class="govuk-table__cell">{_tag(row.status, row.status_label)}</td></tr>')
    return mark_safe("".join(out))
