"""The themes the data format names exist from the start; editors may add more."""

from django.db import migrations

THEMES = [
    ("sovereignty", "Sovereignty"),
    ("non-aggression", "Non-aggression"),
    ("nato", "NATO"),
    ("security-guarantees", "Security guarantees"),
    ("military", "Military"),
    ("territory", "Territory"),
    ("economy", "Economy"),
    ("sanctions", "Sanctions"),
    ("frozen-assets", "Frozen assets"),
    ("humanitarian", "Humanitarian"),
    ("elections-governance", "Elections and governance"),
    ("nuclear", "Nuclear"),
    ("accountability", "Accountability"),
    ("energy", "Energy"),
    ("implementation", "Implementation"),
]


def create_themes(apps, schema_editor):
    Theme = apps.get_model("provisions", "Theme")
    for slug, name in THEMES:
        Theme.objects.get_or_create(slug=slug, defaults={"name": name})


def remove_themes(apps, schema_editor):
    Theme = apps.get_model("provisions", "Theme")
    Theme.objects.filter(slug__in=[slug for slug, _ in THEMES], provisions=None, threads=None).delete()


class Migration(migrations.Migration):
    dependencies = [("provisions", "0001_initial")]

    operations = [migrations.RunPython(create_themes, remove_themes)]
