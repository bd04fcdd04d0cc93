"""Writes of notifications: making them from the rules' notices, marking them read, a member's email
preference, and sending what is owed. Each change is one transaction with its audit event."""

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from eunomia.accounts.models import User
from eunomia.audit import actions as audit
from eunomia.core.bulk import BulkWriter
from eunomia.notifications import rules
from eunomia.notifications.models import DA_KINDS, Notification, Preference, Run
from eunomia.partners.models import Partnership

log = logging.getLogger(__name__)
KEY_CHUNK = 500
USERS_PER_TRANSACTION = 500
ANALYZE_AFTER = 10_000
COLUMNS = ["user_id", "partnership_id", "kind", "path", "title", "key", "created_at"]


def _take_turn(now):
    """Written first in a run's transaction: a second run waits here until this one commits, then
    reads what this one wrote (PostgreSQL's row lock; SQLite's one writer)."""
    if not Run.objects.filter(pk=1).update(last_run_at=now):
        Run.objects.get_or_create(pk=1, defaults={"last_run_at": now})


def create_notifications(*, notices, now):
    """Make the notifications `notices` give that do not exist yet (the key, per user, says whether
    one does): one transaction and one audit event per partnership. Returns how many were made."""
    by_partnership = defaultdict(list)
    for notice in notices:
        by_partnership[notice.partnership_id].append(notice)
    made = 0
    created_at = connection.ops.adapt_datetimefield_value(now)
    for partnership_id, group in sorted(by_partnership.items()):
        with transaction.atomic():
            _take_turn(now)
            existing = set()
            keys = sorted({n.key for n in group})
            for start in range(0, len(keys), KEY_CHUNK):
                existing.update(Notification.objects.filter(key__in=keys[start:start + KEY_CHUNK])
                                .values_list("user_id", "key"))
            new = [(user_id, partnership_id, n.kind, n.path, n.title, n.key, created_at)
                   for n in group for user_id in sorted(n.users) if (user_id, n.key) not in existing]
            if not new:
                continue
            with BulkWriter(Notification._meta.db_table, COLUMNS) as writer:
                writer.write(new)
            # Domestic abuse notices are counted apart, as a domesticabuse event: the audit log shows
            # those only to DA holders and the DA auditor (issue 12), so nobody else learns from it
            # that DA records exist or that something is due on them (ADR 26).
            da = sum(row[2] in DA_KINDS for row in new)
            if len(new) - da:
                audit.record(by=None, action="notifications.created", partnership=Partnership(pk=partnership_id),
                             data={"count": len(new) - da})
            if da:
                audit.record(by=None, action="domesticabuse.notifications_created",
                             partnership=Partnership(pk=partnership_id), data={"count": da})
        made += len(new)
    if made >= ANALYZE_AFTER and connection.vendor == "postgresql":
        # The emails are claimed by user in a moment: planned on the table's old statistics, PostgreSQL
        # took twice as long over 150,000 new rows (ADR 41). Autovacuum would get there, later.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Notification._meta.db_table}")
    return made


def mark_read(*, by, notification, now=None):
    if notification.user_id != by.pk:
        raise ValidationError("That notification is not yours")
    if notification.read_at is not None:
        return notification
    with transaction.atomic():
        notification.read_at = now or timezone.now()
        notification.save(update_fields=["read_at"])
        # Recorded on the reader, not the notification: a notification has a partnership, and the
        # partnership's log must not list its members' DA notices.
        audit.record(by=by, action="notifications.read", obj=by, data={"notification": notification.pk})
    return notification


def mark_all_read(*, by, notifications, now=None):
    """Mark read every unread one of `notifications` (the reader's own, from queries.notifications_for)."""
    with transaction.atomic():
        count = notifications.filter(user_id=by.pk, read_at__isnull=True).update(read_at=now or timezone.now())
        if count:
            audit.record(by=by, action="notifications.all_read", obj=by, data={"count": count})
    return count


def preference_of(user):
    return Preference.objects.filter(user=user).first() or Preference(user=user)


def set_preference(*, by, email):
    if email not in Preference.Email.values:
        raise ValidationError({"email": "Choose how often to be emailed"})
    with transaction.atomic():
        preference, _ = Preference.objects.get_or_create(user=by)
        before = preference.email
        if before != email:
            preference.email = email
            preference.save(update_fields=["email"])
            audit.record(by=by, action="notifications.preference_changed", obj=preference, partnership=None,
                         data={"from": before, "to": email})
    return preference


# Sending ----------------------------------------------------------------------------------------------

def _site_url(path):
    return settings.SITE_URL.rstrip("/") + path


def email_message(*, email, count, digest):
    """The email owed: a count and a link, never what the notices are about."""
    noun = "notification" if count == 1 else "notifications"
    subject = "Your daily notifications from Eunomia" if digest else f"You have {count} new {noun} in Eunomia"
    body = (f"You have {count} new {noun} in {settings.SERVICE_NAME}.\n\n"
            f"Sign in to read {'it' if count == 1 else 'them'}: {_site_url('/notifications/')}\n\n"
            f"To change how often we email you: {_site_url('/notifications/preferences/')}\n")
    return EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[email])


def digest_due(now):
    """The daily digest goes from NOTIFICATIONS_DIGEST_HOUR (London time) on."""
    return timezone.localtime(now).time() >= datetime.time(settings.NOTIFICATIONS_DIGEST_HOUR)


def _owed_users():
    """Members with unread notifications not emailed yet who want email at all."""
    owed = (Notification.objects.filter(emailed_at__isnull=True, read_at__isnull=True)
            .exclude(user__notification_preference__email=Preference.Email.NONE)
            .values_list("user_id", flat=True).distinct())
    return sorted(set(owed))


def _claim(user_ids, *, now, today, digests_allowed):
    """In one transaction: mark emailed the unread notifications of those of `user_ids` owed an email
    now, record today's digest, and audit it. Returns [(user id, email, count, digest, last digest)]."""
    with transaction.atomic():
        _take_turn(now)
        counts = dict(Notification.objects.filter(user_id__in=user_ids, emailed_at__isnull=True, read_at__isnull=True)
                      .order_by().values("user_id").annotate(n=Count("id")).values_list("user_id", "n"))
        preferences = {p.user_id: p for p in Preference.objects.filter(user_id__in=counts)}
        emails = dict(User.objects.filter(pk__in=counts, is_active=True).values_list("pk", "email"))
        chosen = []
        for user_id, count in sorted(counts.items()):
            preference = preferences.get(user_id) or Preference(user_id=user_id)
            if user_id not in emails or preference.email == Preference.Email.NONE:
                continue
            digest = preference.email == Preference.Email.DAILY
            if digest and (not digests_allowed or preference.last_digest_on == today):
                continue
            chosen.append((user_id, emails[user_id], count, digest, preference.last_digest_on))
        if not chosen:
            return []
        ids = [c[0] for c in chosen]
        (Notification.objects.filter(user_id__in=ids, emailed_at__isnull=True, read_at__isnull=True)
         .update(emailed_at=now))
        Preference.objects.bulk_create([Preference(user_id=pk) for pk in ids if pk not in preferences],
                                       ignore_conflicts=True)
        Preference.objects.filter(user_id__in=[c[0] for c in chosen if c[3]]).update(last_digest_on=today)
        audit.record(by=None, action="notifications.emailed", partnership=None,
                     data={"emails": [[user_id, count, digest] for user_id, _, count, digest, _ in chosen]})
    return chosen


def _give_back(user_id, *, now, digest, last_digest_on):
    """A send that failed: the notices are owed again (and today's digest was not sent)."""
    with transaction.atomic():
        Notification.objects.filter(user_id=user_id, emailed_at=now).update(emailed_at=None)
        if digest:
            Preference.objects.filter(user_id=user_id).update(last_digest_on=last_digest_on)
        audit.record(by=None, action="notifications.email_failed", partnership=None, data={"user": user_id})


def send_owed_emails(*, now):
    """For each member with unread notifications not yet emailed: an email now if they chose
    immediate, the day's digest if they chose daily and none has gone today.

    Claimed in transactions of USERS_PER_TRANSACTION members (notices marked emailed, the digest's day
    recorded, one audit event), then sent after the commit, as actions notify (STYLE 4): a run that
    starts meanwhile finds them claimed, so nothing is sent twice. A send that fails gives its member's
    notices back, to go on the next run."""
    today = timezone.localdate(now)
    digests_allowed = digest_due(now)
    sent = 0
    user_ids = _owed_users()
    if not user_ids:
        return 0  # no connection to the mail server every five minutes for nothing
    with get_connection() as mail:
        for start in range(0, len(user_ids), USERS_PER_TRANSACTION):
            claimed = _claim(user_ids[start:start + USERS_PER_TRANSACTION], now=now, today=today,
                             digests_allowed=digests_allowed)
            for user_id, address, count, digest, last_digest_on in claimed:
                try:
                    mail.send_messages([email_message(email=address, count=count, digest=digest)])
                except Exception:
                    log.exception("Notification email to user %s failed; it goes again on the next run", user_id)
                    _give_back(user_id, now=now, digest=digest, last_digest_on=last_digest_on)
                    continue
                sent += 1
    return sent


def delete_old_notifications(*, now, live_keys=frozenset()):
    """Delete read notifications made more than NOTIFICATIONS_KEEP_READ_DAYS before `now`, and unread
    ones made more than NOTIFICATIONS_KEEP_UNREAD_DAYS before, except those whose key is in `live_keys`
    (the rules still give them: deleted, they would be made again and the member told twice). One
    transaction; counted in the audit log per partnership, domestic abuse notices apart (as when made).
    Returns how many were deleted."""
    read_before = now - datetime.timedelta(days=settings.NOTIFICATIONS_KEEP_READ_DAYS)
    unread_before = now - datetime.timedelta(days=settings.NOTIFICATIONS_KEEP_UNREAD_DAYS)
    old = Notification.objects.filter(Q(read_at__isnull=False, created_at__lt=read_before)
                                      | Q(read_at__isnull=True, created_at__lt=unread_before))
    with transaction.atomic():
        _take_turn(now)
        doomed, counts = [], defaultdict(int)
        for pk, key, kind, partnership_id in old.values_list("pk", "key", "kind", "partnership_id").iterator(
                chunk_size=5000):
            if key not in live_keys:
                doomed.append(pk)
                counts[partnership_id, kind in DA_KINDS] += 1
        for start in range(0, len(doomed), KEY_CHUNK):
            Notification.objects.filter(pk__in=doomed[start:start + KEY_CHUNK]).delete()
        for (partnership_id, da), count in sorted(counts.items()):
            audit.record(by=None, action="domesticabuse.notifications_deleted" if da else "notifications.deleted",
                         partnership=Partnership(pk=partnership_id), data={"count": count})
    return len(doomed)


def run(*, now=None):
    """Everything due at `now`: the rules' new notifications, the emails owed, and deleting old
    notifications the rules no longer give. Safe to repeat."""
    now = now or timezone.now()
    notices = list(rules.notices(now=now))
    made = create_notifications(notices=notices, now=now)
    sent = send_owed_emails(now=now)
    deleted = delete_old_notifications(now=now, live_keys={n.key for n in notices})
    return made, sent, deleted


def said(made, sent, deleted):
    """What run() did, in the sentence `send_notifications` prints and the scheduled work records."""
    gone = f"; deleted {deleted} old notification{'s' if deleted != 1 else ''}" if deleted else ""
    return f"Made {made} notification{'s' if made != 1 else ''}; sent {sent} email{'s' if sent != 1 else ''}{gone}."
