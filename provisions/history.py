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


@contextmanager
def one_creation_record(*instances):
    """Create `instances` (of one model) in this block and set their many-to-many fields,
    leaving for each one history record, "+", that holds them.

    django-simple-history writes "+" on the save, before such a field can be set, then a
    "~" for each field set: a new version's history would begin with "Created" and then
    "Drafted by: [] → [...]". Here the saves and the fields write nothing; the records are
    written after them, in bulk, naming the user and reason record_user gave.
    """
    for instance in instances:
        instance.skip_history_when_saving = True
    try:
        yield
    finally:
        for instance in instances:
            del instance.skip_history_when_saving
    if not instances:
        return
    history = type(instances[0]).history
    records = history.bulk_history_create(instances)
    record_of = {instance.pk: record for instance, record in zip(instances, records, strict=True)}
    for field in history.model._history_m2m_fields:
        snapshot = getattr(history.model, field.name).model
        through = field.remote_field.through
        owner = through._meta.get_field(field.m2m_field_name()).attname
        names = [through_field.attname for through_field in through._meta.fields]
        rows = through.objects.filter(**{f"{owner}__in": list(record_of)}).values(*names)
        snapshot.objects.bulk_create(snapshot(history=record_of[row[owner]], **row) for row in rows)


def find_user(username):
    """The active account with this user name, for commands that write history."""
    try:
        return get_user_model().objects.get(username=username, is_active=True)
    except get_user_model().DoesNotExist:
        raise UnknownUser(f"No active user is named {username!r}; nothing was changed.") from None
