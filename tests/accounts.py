"""Users for the tests of who may do what: an editor, a staff member without rights, a reader."""

from django.contrib.auth.models import Group, User

PASSWORD = "a long test password"


def make_user(username="reader", *, staff=False, groups=()):
    user = User.objects.create_user(username=username, password=PASSWORD, is_staff=staff)
    user.groups.set(Group.objects.filter(name__in=groups))
    return user


def make_editor(username="editor"):
    """A staff user whose rights come only from the Editors group (created by a migration)."""
    return make_user(username, staff=True, groups=["Editors"])
