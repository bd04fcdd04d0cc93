"""Password reset by email (issue 12): the same answer whether or not the address has an account, a
link that works once and for two hours, the new password checked by the validators, and audited."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from eunomia.audit.models import AuditEvent


def ask(client, email):
    return client.post("/accounts/password-reset/", {"email": email})


def link_in(message):
    return re.search(r"https?://[^/\s]+(/accounts/password-reset/\S+/)", message.body).group(1)


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(manager, client_for):
    known = ask(client_for(None), manager.email)
    unknown = ask(client_for(None), "nobody@nowhere.example")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/accounts/password-reset/sent/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [manager.email]
    assert AuditEvent.objects.filter(action="user.password_reset_requested").count() == 2


def test_the_link_sets_a_checked_password_once(manager, client_for):
    ask(client_for(None), manager.email)
    path = link_in(mail.outbox[0])
    client = client_for(None)
    form_path = client.get(path)["Location"]  # Django moves the token out of the address first
    weak = client.post(form_path, {"new_password1": "password123", "new_password2": "password123"})
    assert weak.status_code == 200 and "This password is too common" in weak.content.decode()
    done = client.post(form_path, {"new_password1": "copper-kettle-4821", "new_password2": "copper-kettle-4821"})
    assert done["Location"] == "/accounts/password-reset/done/"
    assert client_for(None).post("/accounts/sign-in/", {"email": manager.email,
                                                        "password": "copper-kettle-4821"}).status_code == 302
    reused = client_for(None).get(path, follow=True)
    assert "This link does not work" in reused.content.decode()
    assert AuditEvent.objects.filter(action="user.password_reset", object_id=str(manager.pk)).exists()


@pytest.mark.parametrize("hours, works", [(1.99, True), (2.01, False)])
def test_the_link_works_for_two_hours(manager, client_for, time_machine, hours, works):
    ask(client_for(None), manager.email)
    path = link_in(mail.outbox[0])
    time_machine.move_to(timezone.now() + datetime.timedelta(hours=hours))
    page = client_for(None).get(path, follow=True).content.decode()
    assert ("This link does not work" in page) is not works


def test_the_sign_in_page_offers_it(client_for):
    assert "/accounts/password-reset/" in client_for(None).get("/accounts/sign-in/").content.decode()
