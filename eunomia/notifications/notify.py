"""A Django email backend sending through GOV.UK Notify, which many councils use, with the official
client (notifications-python-client). Notify sends only from templates made in its own dashboard:
make one email template whose subject is ((subject)) and whose body is ((body)), and set
NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID (settings choose this backend when the key is set)."""

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from notifications_python_client.notifications import NotificationsAPIClient


class NotifyEmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently=False, *, client=None, template_id=None, **kwargs):
        super().__init__(fail_silently=fail_silently, **kwargs)
        self.template_id = template_id or settings.NOTIFY_TEMPLATE_ID
        # Tests pass a fake client: nothing here ever reaches GOV.UK in the suite.
        self.client = client or NotificationsAPIClient(settings.NOTIFY_API_KEY)

    def send_messages(self, email_messages):
        sent = 0
        for message in email_messages:
            for address in message.recipients():
                try:
                    self.client.send_email_notification(
                        email_address=address, template_id=self.template_id,
                        personalisation={"subject": message.subject, "body": message.body})
                except Exception:
                    if not self.fail_silently:
                        raise
                    continue
                sent += 1
        return sent
