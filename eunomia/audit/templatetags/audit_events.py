"""An audit event's stored details in words: the search a reader typed, the records a page showed,
the reason given, and whatever else the action stored, so the log page hides nothing it holds."""

from django import template

register = template.Library()

LABELS = {
    "search": "Searched for",
    "ids": "Records shown",
    "via": "Through",
    "email": "Email address given",
    "before": "Before",
    "after": "After",
}


def _text(value):
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_text(item) for item in value) if value else "none"
    if isinstance(value, dict):
        return "; ".join(f"{key.replace('_', ' ')}: {_text(item)}" for key, item in sorted(value.items())) or "none"
    return str(value)


@register.filter
def event_details(event):
    """[(label, text)] for the event's reason and each value in its data, in a stable order."""
    details = []
    if event.reason:
        details.append(("Reason given", event.reason))
    data = dict(event.data or {})
    if "search" in data:
        search = data.pop("search")
        if search:
            details.append((LABELS["search"], f"“{search}”"))
    if "ids" in data:
        ids, kind = data.pop("ids"), data.pop("object_type", "")
        details.append((LABELS["ids"], f"{kind} {_text(ids)}".strip()))
    for key in sorted(data):
        details.append((LABELS.get(key, key.replace("_", " ").capitalize()), _text(data[key])))
    return details
