from eunomia.accounts.permissions import has_permission
from eunomia.accounts.roles import Permission
from eunomia.core.formatting import plain_number
from eunomia.jobs.models import Job

# A long list in a result (problems found in a file, say) is cut short on the page.
RESULT_LIST_LIMIT = 100

# Holders of this permission see every job in the partnership; other members only the jobs they
# started. The jobs so far load the data behind the figures, which these people keep.
OVERSEE_JOBS = Permission.FIGURE_EDIT


def jobs_visible_to(user, partnership):
    """The partnership's jobs this member may see. The caller has checked membership."""
    jobs = Job.objects.filter(partnership=partnership).select_related("created_by")
    if has_permission(user, OVERSEE_JOBS, partnership=partnership):
        return jobs
    if not user.is_authenticated:
        return jobs.none()
    return jobs.filter(created_by=user)


def _label(key):
    text = str(key).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _text(value):
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return plain_number(value, 2)
    if value is None:
        return "None"
    if isinstance(value, dict):
        return ", ".join(f"{_label(k)}: {_text(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    return str(value)


def result_rows(result):
    """A job's result as rows of a summary list: a label with either a text or a list of entries
    (and how many more were left out). A result that is not a dict is shown as one row."""
    if result in (None, {}, []):
        return []
    if not isinstance(result, dict):
        result = {"Result": result}
    rows = []
    for key, value in result.items():
        if isinstance(value, dict):
            value = [f"{_label(k)}: {_text(v)}" for k, v in value.items()]
        if isinstance(value, list):
            items = [_text(v) for v in value[:RESULT_LIST_LIMIT]]
            rows.append({"label": _label(key), "entries": items, "more": max(0, len(value) - RESULT_LIST_LIMIT)})
        else:
            rows.append({"label": _label(key), "text": _text(value), "entries": None})
    return rows
