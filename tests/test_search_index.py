"""PostgreSQL's stored search vector and vocabulary follow every write, and the search uses
the index."""

import pytest
from django.db import connection

from provisions import search_index
from provisions.models import Provision
from provisions.search import backends as search
from tests.factories import make_provision, make_thread, make_version

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search"),
]


def found(q):
    prepared = search.prepare(q)
    return sorted(p.text for p in prepared.apply(Provision.objects.all()))


def vocabulary():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT word, documents FROM {search_index.VOCABULARY_TABLE}")
        return dict(cursor.fetchall())


def test_the_vector_follows_text_links_and_thread_titles():
    thread = make_thread(title="Harbour dues")
    provision = make_provision(make_version(), text="Ships pay nothing.", threads=[thread])
    assert found("harbour") == ["Ships pay nothing."]

    Provision.objects.filter(pk=provision.pk).update(text="Lorries pay nothing.")
    thread.title = "Road tolls"
    thread.save()
    assert found("lorries tolls") == ["Lorries pay nothing."]
    assert found("harbour") == found("ships") == []

    provision.threads.clear()
    assert found("tolls") == []


def test_the_vocabulary_counts_words_in_and_out():
    version = make_version()
    first = make_provision(version, text="Quarantine of livestock.")
    make_provision(version, text="Quarantine ends.", threads=[make_thread(title="Livestock")])
    assert vocabulary()["quarantine"] == 2
    assert vocabulary()["livestock"] == 2

    first.delete()
    Provision.objects.update(text="Vaccination ends.")

    words = vocabulary()
    assert "quarantine" not in words
    assert (words["livestock"], words["vaccination"]) == (1, 1)
    assert search.corrections_for(["vacination"]) == {"vacination": "vaccination"}


def test_the_search_query_uses_the_index():
    make_provision(make_version(), text="Armed forces are capped.")
    queryset = search.prepare("armed forces").apply(Provision.objects.all())

    with connection.cursor() as cursor:
        # The planner prefers reading a tiny table whole; on real data it picks the index.
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()

    assert "provisions_provision_search_vector" in plan
