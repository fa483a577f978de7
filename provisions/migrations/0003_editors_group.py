"""The "Editors" group: everything editors need to put a new draft online, nothing more.

Editors add, change and delete the content of the provisions app and may add themes;
they never manage users, groups or permissions. Add a staff user to the group to make
them an editor.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Editors"
FULL_ACCESS = ("add", "change", "delete", "view")
FULL_ACCESS_MODELS = (
    "planversion",
    "provision",
    "thread",
    "source",
    "citation",
    "claim",
    "removal",
    "partyposition",
    "party",
)
THEME_ACCESS = ("view", "add")


def editor_codenames():
    codenames = [f"{action}_{model}" for model in FULL_ACCESS_MODELS for action in FULL_ACCESS]
    return codenames + [f"{action}_theme" for action in THEME_ACCESS]


def create_editors_group(apps, schema_editor):
    # On a fresh database the permissions are only created by post_migrate, after every
    # migration has run; create them now so that the group can refer to them.
    create_permissions(
        global_apps.get_app_config("provisions"),
        apps=apps,
        verbosity=0,
        using=schema_editor.connection.alias,
    )
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = editor_codenames()
    permissions = list(
        Permission.objects.filter(content_type__app_label="provisions", codename__in=codenames)
    )
    missing = set(codenames) - {permission.codename for permission in permissions}
    if missing:
        raise RuntimeError(f"Permissions missing for the Editors group: {sorted(missing)}")
    group, _created = Group.objects.get_or_create(name=GROUP)
    # add, not set: an existing group keeps whatever an administrator gave it besides.
    group.permissions.add(*permissions)


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("provisions", "0002_initial_themes"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
