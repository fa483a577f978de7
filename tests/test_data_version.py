"""Every kind of write to public data bumps the data version in its own transaction."""

import io
import shutil

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction
from django.urls import reverse

from provisions import data_version
from provisions.models import DataVersion, Provision, Thread
from tests.accounts import make_editor
from tests.factories import make_party, make_provision, make_source, make_thread, make_version
from tests.test_admin_drafts import ARMY, NEW_TEXT
from tests.test_history import edit

pytestmark = pytest.mark.django_db

FIXTURES = "fixtures"


def number():
    return DataVersion.objects.get().number


@pytest.fixture
def editor(client):
    client.force_login(make_editor())


@pytest.fixture
def provision():
    return make_provision(make_version(slug="draft"), number="1", text=ARMY)


def installed_triggers():
    """(table, event) of every data version trigger in the database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT relname, tgname FROM pg_trigger JOIN pg_class ON pg_class.oid = tgrelid "
                "WHERE NOT tgisinternal"
            )
        else:
            cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
        return {(table, name.rpartition("__dv_")[2]) for table, name in cursor.fetchall()}


def test_every_table_of_public_data_has_its_triggers():
    tables = set()
    for model in apps.get_app_config("provisions").get_models(include_auto_created=True):
        if model is not DataVersion and not model.__name__.startswith("Historical"):
            tables.add(model._meta.db_table)
    events = ["insert", "update", "delete"]
    events += ["truncate"] if connection.vendor == "postgresql" else []

    assert set(data_version.content_tables()) == tables
    assert {(table, event) for table in tables for event in events} <= installed_triggers()


def test_a_lost_trigger_comes_back_with_the_next_migrate(provision):
    drop = "DROP TRIGGER provisions_provision__dv_update"
    on_table = " ON provisions_provision" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(drop + on_table)
    before = number()
    Provision.objects.update(text="Changed.")
    assert number() == before

    data_version.ensure_triggers()
    Provision.objects.update(text="Changed again.")

    assert number() > before


def test_a_flush_keeps_the_stamp():
    # What `flush` (and every transactional test's teardown) empties.
    flushed = connection.introspection.django_table_names(only_existing=True)

    assert data_version.TABLE not in flushed
    assert "provisions_provision" in flushed


def raw_update():
    with connection.cursor() as cursor:
        cursor.execute("UPDATE provisions_thread SET title = title || '!'")


ORM_WRITES = {
    "create": lambda p: make_source(),
    "save": lambda p: p.save(),
    "queryset update": lambda p: Provision.objects.filter(pk=p.pk).update(text="New text."),
    "bulk_create": lambda p: Thread.objects.bulk_create([Thread(slug="a", title="A")]),
    "many-to-many add": lambda p: p.threads.add(make_thread()),
    "many-to-many clear": lambda p: p.version.drafted_by.clear(),
    "delete": lambda p: p.delete(),
    "raw SQL": lambda p: raw_update(),
}


@pytest.mark.parametrize("write", ORM_WRITES.values(), ids=ORM_WRITES.keys())
def test_a_write_of_any_kind_bumps_the_version(provision, write):
    make_thread()
    before = DataVersion.objects.get()

    write(provision)

    after = DataVersion.objects.get()
    assert after.number > before.number
    assert after.changed_us > before.changed_us


def test_a_rolled_back_write_leaves_the_version_alone(provision):
    before = number()

    with pytest.raises(RuntimeError), transaction.atomic():
        make_thread()
        provision.delete()
        raise RuntimeError

    assert number() == before


def test_an_admin_save_with_inlines_and_links_bumps_it(client, editor, provision):
    version_url = reverse("admin:provisions_planversion_change", args=[provision.version.pk])
    before = number()
    edit(client, version_url, **{"provisions-0-text": "Changed through the version page."})
    after_inline = number()
    provision_url = reverse("admin:provisions_provision_change", args=[provision.pk])
    edit(client, provision_url, threads=[str(make_thread().pk)])
    after_threads = number()

    assert before < after_inline < after_threads


def test_an_admin_delete_bumps_it(client, editor, provision):
    before = number()

    url = reverse("admin:provisions_planversion_delete", args=[provision.version.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302

    assert number() > before


def test_a_history_revert_bumps_it(client, editor, provision):
    url = reverse("admin:provisions_provision_change", args=[provision.pk])
    edit(client, url, text="A ceiling of 800,000.")
    earlier = provision.history.get(text=ARMY)
    before = number()

    edit(
        client,
        reverse(
            "admin:provisions_provision_simple_history", args=[provision.pk, earlier.history_id]
        ),
    )

    assert number() > before


def test_saving_a_draft_from_text_bumps_it(client, editor, provision):
    make_party("Ruritania")
    base = provision.version
    data = {
        "slug": "revised-draft",
        "title": "The revised draft",
        "short_name": "Revised draft",
        "new_parties": "Ruritania",
        "published": "2025-12-01",
        "stage": "counter-proposal",
        "text_basis": "paraphrase",
        "completeness": "full",
        "summary": "A revision.",
        "based_on": base.slug,
        "source_url": "https://news.example.org/revised-draft",
        "source_title": "The revised draft",
        "source_publisher": "The Daily Example",
        "source_kind": "full-text",
        "text": NEW_TEXT,
        "_preview": "Preview",
    }
    url = reverse("admin:provisions_planversion_add_from_text")
    preview = client.post(url, data).context["preview"]
    before = number()

    confirm = {"state": preview.state, "_confirm": "Save"}
    for row in preview.rows:
        for name in ("choice", "new_thread_title"):
            confirm[row.form[name].html_name] = row.form[name].value()
    for row in preview.dropped:
        confirm[row.form["record"].html_name] = "unrecorded"
    assert client.post(url, confirm).status_code == 302

    assert number() > before


def test_align_plan_apply_bumps_it(provision):
    new = make_version(slug="new-draft", based_on=provision.version)
    make_provision(new, number="1", text=ARMY)
    provision.threads.add(make_thread())
    make_editor("linker")
    before = number()

    call_command("align_plan", "new-draft", "--apply", "--user", "linker", stdout=io.StringIO())

    assert number() > before


def test_import_plans_bumps_it_and_a_second_run_that_changes_nothing_does_not():
    before = number()
    call_command("import_plans", FIXTURES, stdout=io.StringIO())
    after_first = number()

    call_command("import_plans", FIXTURES, stdout=io.StringIO())

    assert after_first > before
    assert number() == after_first


def test_a_failed_import_leaves_the_version_alone(tmp_path):
    shutil.copytree(f"{FIXTURES}/plans", tmp_path / "plans")
    (tmp_path / "plans" / "broken.yaml").write_text("version: [unclosed")
    before = number()

    with pytest.raises(CommandError):
        call_command("import_plans", FIXTURES, str(tmp_path), stdout=io.StringIO())

    assert number() == before


@pytest.fixture
def health_checked():
    """A reused connection at the start of a request, due for its health check, with the
    checks Django would make counted."""
    wrapper = connections["default"]
    data_version.read()
    enabled, checks = wrapper.health_check_enabled, []
    wrapper.health_check_enabled = True
    wrapper.is_usable = lambda: checks.append(1) or type(wrapper).is_usable(wrapper)
    wrapper.close_if_unusable_or_obsolete()
    yield checks
    wrapper.health_check_enabled = enabled
    del wrapper.is_usable


@pytest.mark.django_db(transaction=True)
def test_reading_the_version_is_the_requests_connection_health_check(health_checked):
    assert data_version.read() == (number(), DataVersion.objects.get().changed_us)
    assert health_checked == []
    assert connection.health_check_done


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a server that drops connections")
def test_a_connection_the_server_dropped_is_replaced_for_the_read(health_checked):
    raw = connection.connection.cursor()  # behind Django's back, as a server restart is
    with pytest.raises(Exception, match="terminat"):
        raw.execute("SELECT pg_terminate_backend(pg_backend_pid())")

    assert data_version.read() == (number(), DataVersion.objects.get().changed_us)
    assert health_checked == []
