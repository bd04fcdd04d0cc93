def field_changes(instance, new_values, *, personal=False):
    """What an update changes: {field: [old, new]}, or for personal data just the field names,
    so the append-only log never holds personal values."""
    changes = {}
    for field, new in new_values.items():
        old = getattr(instance, field)
        if hasattr(old, "pk"):
            old = old.pk
        if hasattr(new, "pk"):
            new = new.pk
        if old != new:
            changes[field] = None if personal else [old, new]
    return sorted(changes) if personal else changes
