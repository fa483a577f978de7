"""Who made a change and why: the user and the reason in the records simple_history keeps."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth import get_user_model

_reason = ContextVar("history_reason", default=None)


class UnknownUser(LookupError):
    """No account has the name given; the message is one line for the user."""


@contextmanager
def change_reason(reason):
    """Give the records of what record_user names in this block the reason, as the history
    pages show it ("Add a draft from text" rather than nothing)."""
    token = _reason.set(reason)
    try:
        yield
    finally:
        _reason.reset(token)


def record_user(instance, user):
    """Name the user in the history record of the next save (outside a request too)."""
    if user is not None:
        instance._history_user = user
    if (reason := _reason.get()) is not None:
        instance._change_reason = reason


def find_user(username):
    """The active account with this user name, for commands that write history."""
    try:
        return get_user_model().objects.get(username=username, is_active=True)
    except get_user_model().DoesNotExist:
        raise UnknownUser(f"No active user is named {username!r}; nothing was changed.") from None
