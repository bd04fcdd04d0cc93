from eunomia.notifications.queries import unread_count


def unread_notifications(request):
    """The count of unread notifications in the header: one query, for signed-in members only."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user)}
