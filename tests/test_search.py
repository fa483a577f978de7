"""provisions.search: the query parser on its own, and both backends on generated data."""

import pytest
from django.db import connection

from provisions.search import backends as search
from tests.factories import make_provision, make_thread, make_version

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text search"
)


def labels(response):
    """(version short name, provision label) of each result on a search page, in order."""
    return [(p.version.short_name, p.label) for p in response.context["results"].page]


def test_query_words_keep_letters_digits_and_number_separators_only():
    assert search.words_of("Armed  FORCES: 600,000 & (nato | !eu):* 'x'") == [
        "armed",
        "forces",
        "600,000",
        "nato",
        "eu",
        "x",
    ]


def test_a_known_phrase_becomes_one_term_with_its_synonyms():
    terms = search.parse("army cap")

    assert terms[0] == search.Term("army", ("army", "armed forces", "troops"))
    assert terms[1].typed == "cap"


def test_the_longest_known_phrase_wins_and_repeated_words_count_once():
    terms = search.parse("buffer zone buffer zone")

    assert [term.typed for term in terms] == ["buffer zone"]
    assert "demilitarised zone" in terms[0].alternatives


def test_ise_and_ize_spellings_both_match():
    assert "demilitarised" in search.parse("demilitarized")[0].alternatives
    assert "recognized" in search.parse("recognised")[0].alternatives


def test_a_correction_is_searched_with_its_own_synonyms():
    term = search.parse("amry", {"amry": "army"})[0]

    assert term.alternatives[:2] == ("amry", "army")
    assert "armed forces" in term.alternatives


def test_a_query_without_words_searches_nothing():
    prepared = search.prepare("&&& !!!")

    assert type(prepared) is search.Search
    assert prepared.terms == []


def test_snippets_drop_markdown_marks():
    assert search.plain_text("**Reported.** See [the text](https://x.org).\n\n- one\n- two") == (
        "Reported. See the text. one two"
    )


@pytest.mark.django_db
def test_a_word_is_found_in_the_text_and_in_thread_titles(client):
    version = make_version(short_name="Draft A")
    make_provision(version, text="Prisoners are exchanged all for all.")
    make_provision(version, text="Unrelated.", threads=[make_thread(title="Prisoner exchange")])
    make_provision(version, text="Nothing to see.")

    response = client.get("/provisions/?q=prisoner")

    assert response.status_code == 200
    assert sorted(labels(response)) == [("Draft A", "point 1"), ("Draft A", "point 2")]


@pytest.mark.django_db
def test_a_match_is_highlighted_and_everything_else_escaped(client):
    version = make_version()
    make_provision(version, text="The <b>amnesty</b> & pardon <script>alert(1)</script>.")

    page = client.get("/provisions/?q=amnesty").content.decode()

    assert "<mark>amnesty</mark>" in page
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;" in page


@pytest.mark.django_db
def test_the_query_is_echoed_escaped(client):
    make_provision(make_version(), text="Some text.")

    page = client.get("/provisions/", {"q": '"><script>alert(1)</script>'}).content.decode()

    assert "<script>alert(1)" not in page
    assert "&quot;&gt;&lt;script&gt;alert(1)" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "q", ["'; DROP TABLE provisions_provision; --", "a & | ! <-> :* ( )", "%_%", "\\'"]
)
def test_query_syntax_of_sql_and_tsquery_is_just_text(client, q):
    make_provision(make_version(), text="Some text.")

    response = client.get("/provisions/", {"q": q})

    assert response.status_code == 200


@pytest.mark.django_db
def test_long_texts_are_cut_around_the_match(client):
    filler = " ".join(f"word{n}" for n in range(200))
    make_provision(make_version(), text=f"{filler} the ceasefire holds. {filler}")

    [provision] = client.get("/provisions/?q=ceasefire").context["results"].page
    shown = "".join(text for text, _ in provision.snippet)

    assert ("ceasefire", True) in provision.snippet
    assert shown.startswith("… ") and shown.endswith(" …")
    assert len(shown) < 400


@pytest.mark.django_db
def test_every_word_is_required_on_either_database(client):
    version = make_version(short_name="Draft A")
    make_provision(version, text="Elections are held.")
    make_provision(version, text="Elections are held after the ceasefire.")
    make_provision(version, text="The ceasefire holds.")

    response = client.get("/provisions/?q=ceasefire+elections")

    assert labels(response) == [("Draft A", "point 2")]


@postgres_only
@pytest.mark.django_db
def test_a_thread_title_outweighs_the_text(client):
    version = make_version(short_name="Draft A")
    make_provision(version, text="Amnesty is mentioned here in passing, with other matters.")
    make_provision(version, text="All are pardoned.", threads=[make_thread(title="Amnesty")])

    response = client.get("/provisions/?q=amnesty")

    assert labels(response) == [("Draft A", "point 2"), ("Draft A", "point 1")]


@postgres_only
@pytest.mark.django_db
def test_an_unknown_word_is_corrected_to_the_nearest_word_of_the_texts(client):
    make_provision(make_version(), text="A referendum ratifies the agreement.")

    response = client.get("/provisions/?q=referendim")

    results = response.context["results"]
    assert results.search.corrections == {"referendim": "referendum"}
    assert results.page.paginator.count == 1
    assert "nearest word in the texts to “referendim”" in response.content.decode()


@postgres_only
@pytest.mark.django_db
def test_a_word_found_in_the_texts_is_not_corrected(client):
    make_provision(make_version(), text="A referendum ratifies the agreement.")

    assert client.get("/provisions/?q=referend").context["results"].search.corrections == {}
