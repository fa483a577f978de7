"""Who made a change: name the user in the history records that django-simple-history keeps."""

from django.contrib.auth import get_user_model


class UnknownUser(LookupError):
    """No account has the name given; the message is one line for the user."""


def record_user(instance, user):
    """Name the user in the history record of the next save (outside a request too)."""
    if user is not None:
        instance._history_user = user


def find_user(username):
    """The active account with this user name, for commands that write history."""
    try:
        return get_user_model().objects.get(username=username, is_active=True)
    except get_user_model().DoesNotExist:
        raise UnknownUser(f"No active user is named {username!r}; nothing was changed.") from None
