"""The status rolled up from the working groups' items (eunomia.plans.rollup), shown beside a plan
action's own (ADR 0034).

Written as a plain function too, so the plan's tables (drawn in Python for speed) use the same
markup as the template tag. Every piece of text is escaped here, once."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


def _e(value):
    return escape(str(value), quote=True)


def rollup_html(rollup, *, may_apply, csrf_token, back):
    """What the groups' items say about one action; when it is not what the plan says, the
    difference in words and, for an editor of the plan, the working groups' button to use it."""
    if rollup is None:
        return ""
    groups = ", ".join(f'<a class="govuk-link" href="{_e(url)}">{_e(name)}</a>' for name, url in rollup.sources)
    line = '<span class="govuk-body-s govuk-!-display-block govuk-!-margin-top-2 govuk-!-margin-bottom-0">'
    if rollup.status == rollup.action.status:
        return f'{line}Working group items agree: {_e(rollup.label)} (from {groups})</span>'
    if not rollup.differs:  # carried over: the plan's own decision, not a difference to put right
        return f'{line}Working group items say: {_e(rollup.label)} (from {groups})</span>'
    button = ""
    if may_apply:
        button = (f'<form method="post" action="{_e(rollup.apply_url)}">'
                  f'<input type="hidden" name="csrfmiddlewaretoken" value="{_e(csrf_token)}">'
                  f'<input type="hidden" name="back" value="{_e(back)}">'
                  f'<button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0 '
                  f'govuk-!-margin-top-2">Use this status in the plan<span class="govuk-visually-hidden">: '
                  f'{_e(rollup.action.title)}</span></button></form>')
    return (f'{line}<strong>Working group items say: {_e(rollup.label)}</strong>, but the plan says '
            f'{_e(rollup.action.get_status_display().lower())} (from {groups})</span>{button}')


@register.simple_tag(takes_context=True)
def action_rollup(context, rollup, back):
    return mark_safe(rollup_html(rollup, may_apply="plan_edit" in context.get("perms_here", ()),
                                 csrf_token=context.get("csrf_token", ""), back=back))
