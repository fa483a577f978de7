"""Signing in is throttled: a few wrong passwords for one account from one address lock that
pair out, even with the right password, until the lock expires or an administrator lifts it."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from plancompare.guards import client_address
from tests.accounts import PASSWORD, make_user

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
ATTACKER = "198.51.100.7"


@pytest.fixture
def editor(settings):
    # Sixty sign-ins a test: a fast hasher keeps them cheap; the throttle does not care.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return make_user("editor", staff=True)


def sign_in(client, password, address=ATTACKER, **headers):
    return client.post(
        LOGIN, {"username": "editor", "password": password}, REMOTE_ADDR=address, **headers
    )


def signed_in(client):
    return "_auth_user_id" in client.session


def lock_out(client):
    return [sign_in(client, f"guess {n}").status_code for n in range(30)]


@pytest.mark.usefixtures("editor")
def test_thirty_wrong_passwords_lock_the_account_from_that_address(client):
    statuses = lock_out(client)

    limit = settings.AXES_FAILURE_LIMIT
    assert statuses[: limit - 1] == [200] * (limit - 1)  # the form again, with its error
    assert set(statuses[limit:]) == {429}
    locked = sign_in(client, PASSWORD)
    assert locked.status_code == 429
    assert "Signing in is locked" in locked.content.decode()
    assert not signed_in(client)


@pytest.mark.usefixtures("editor")
def test_the_lock_holds_for_that_address_only(client):
    lock_out(client)

    assert sign_in(client, PASSWORD, address="203.0.113.5").status_code == 302
    assert signed_in(client)


@pytest.mark.usefixtures("editor")
def test_the_command_unlocks_the_account(client):
    lock_out(client)

    call_command("axes_reset_username", "editor")

    assert sign_in(client, PASSWORD).status_code == 302
    assert signed_in(client)


@pytest.mark.usefixtures("editor")
def test_an_administrator_unlocks_it_by_deleting_the_attempt_in_the_admin(client, admin_client):
    lock_out(client)
    attempt = AccessAttempt.objects.get(username="editor")

    response = admin_client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert sign_in(client, PASSWORD).status_code == 302


@pytest.mark.usefixtures("editor")
def test_a_forged_client_address_header_is_ignored_unless_the_proxy_is_trusted(client):
    lock_out(client)

    with override_settings(TRUST_PROXY_HEADERS=False):
        assert sign_in(client, PASSWORD, HTTP_X_REAL_IP="203.0.113.9").status_code == 429
    with override_settings(TRUST_PROXY_HEADERS=True):
        assert sign_in(client, PASSWORD, HTTP_X_REAL_IP="203.0.113.9").status_code == 302


@pytest.mark.parametrize(
    ("meta", "trusted", "expected"),
    [
        ({"REMOTE_ADDR": "192.0.2.1", "HTTP_X_REAL_IP": "203.0.113.9"}, False, "192.0.2.1"),
        ({"REMOTE_ADDR": "192.0.2.1", "HTTP_X_REAL_IP": "203.0.113.9"}, True, "203.0.113.9"),
        ({"REMOTE_ADDR": "192.0.2.1", "HTTP_X_REAL_IP": "nonsense"}, True, "192.0.2.1"),
        ({"REMOTE_ADDR": ""}, False, None),  # a unix socket, or a request made in a test
    ],
)
def test_the_client_address_is_a_valid_address_or_none(rf, settings, meta, trusted, expected):
    settings.TRUST_PROXY_HEADERS = trusted
    request = rf.get("/")
    request.META.update(meta)

    assert client_address(request) == expected
