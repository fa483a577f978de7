"""How an import writes: queries flat in the size of the data, and one history record per
row it creates, updates or deletes."""

import io

import pytest
import yaml
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarks.corpus import write_corpus
from provisions.importing import import_paths
from provisions.importing.history import REASON
from provisions.models import Citation, Claim, Party, PlanVersion, Provision, Source, Thread

pytestmark = pytest.mark.django_db


def queries_of_import(folder):
    with CaptureQueriesContext(connection) as queries:
        import_paths([folder])
    return len(queries)


def test_an_import_takes_as_many_queries_for_twice_the_provisions(tmp_path):
    small = write_corpus(tmp_path / "small", versions=3, provisions=8, seed=2)
    large = write_corpus(tmp_path / "large", versions=3, provisions=16, seed=2)

    first_small, second_small = queries_of_import(small), queries_of_import(small)
    for model in (Claim, PlanVersion, Source, Thread, Party):
        model.objects.all().delete()
    first_large, second_large = queries_of_import(large), queries_of_import(large)

    assert Provision.objects.count() >= 48
    assert first_large == first_small
    assert second_large == second_small < first_small


def edit_plan(folder, change):
    path = next((folder / "plans").glob("*.yaml"))
    plan = yaml.safe_load(path.read_text())
    change(plan)
    path.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False))
    return plan["version"]["slug"]


@pytest.fixture
def corpus(tmp_path):
    folder = write_corpus(tmp_path, versions=2, provisions=5, seed=4)
    import_paths([folder])
    return folder


def test_each_created_row_has_one_creation_record_with_its_links(corpus):
    provision = Provision.objects.filter(number="2").first()
    (record,) = provision.history.all()

    assert (record.history_type, record.history_change_reason) == ("+", REASON)
    assert record.text == provision.text
    assert {link.thread_id for link in record.threads.all()} == set(
        provision.threads.values_list("id", flat=True)
    )
    assert Citation.history.filter(history_type="+").count() == Citation.objects.count()


def test_an_unchanged_import_records_nothing(corpus):
    before = Provision.history.count() + Citation.history.count()

    import_paths([corpus])

    assert Provision.history.count() + Citation.history.count() == before


def test_an_updated_row_gets_one_change_record_and_a_dropped_one_a_deletion(corpus):
    def change(plan):
        plan["provisions"][0]["text"] = "A new text."
        plan["provisions"][0]["threads"] = plan["provisions"][1]["threads"]
        del plan["provisions"][2]

    slug = edit_plan(corpus, change)
    import_paths([corpus])

    changed = Provision.objects.get(version__slug=slug, number="1")
    record = changed.history.latest()
    assert [r.history_type for r in changed.history.all()] == ["~", "+"]
    assert record.text == "A new text."
    assert {link.thread_id for link in record.threads.all()} == set(
        changed.threads.values_list("id", flat=True)
    )
    (deletion,) = Provision.history.filter(history_type="-", version_id=changed.version_id)
    assert deletion.history_change_reason == REASON
    assert Citation.history.filter(history_type="-", history_change_reason=REASON).exists()


def test_the_command_reports_every_kind_it_changed(corpus):
    edit_plan(corpus, lambda plan: plan["provisions"][0].update(text="Changed."))
    out = io.StringIO()

    call_command("import_plans", str(corpus), stdout=out)

    assert out.getvalue().startswith("0 created, 1 updated, 0 deleted")
    assert f"provisions: {Provision.objects.count() - 1} unchanged, 1 updated;" in out.getvalue()
