"""Property test: whatever a URL carries, no public page answers with a server error.

Every public view is found by walking the resolver (tests/urlwalk.py); hypothesis then
varies its path parameters and its query string: known parameter names and random ones,
control characters, markup, huge and negative numbers, real slugs."""

from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_url_policy import answering_path, identifiers  # noqa: F401 - fixture
from tests.urlwalk import public_patterns

pytestmark = pytest.mark.django_db

KNOWN_NAMES = ["v", "q", "page", "theme", "version", "party", "thread", "status", "reported"]
KNOWN_NAMES += ["text_basis", "format", "changed", "base", "by", "term"]
SLUGS = ["first-draft", "second-draft", "army-cap", "daily-example", "military", "1"]

text = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
values = st.one_of(
    text,
    st.sampled_from([*SLUGS, "csv", "json", "true", "0", "-1", "<script>", "%00", "9" * 4400]),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
)
queries = st.lists(st.tuples(st.sampled_from(KNOWN_NAMES) | text, values), max_size=6)
FUZZ = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def test_no_query_string_makes_a_public_page_fail(client, identifiers):  # noqa: F811
    paths = [answering_path(client, pattern, identifiers)[0] for pattern in public_patterns()]

    @FUZZ
    @given(path=st.sampled_from(paths), query=queries)
    def check(path, query):
        response = client.get(f"{path}?{urlencode(query)}")

        assert response.status_code < 500, (path, query)

    check()


def test_no_path_parameter_makes_a_public_page_fail(client, identifiers):  # noqa: F811
    patterns = [pattern for pattern in public_patterns() if pattern.parameters]

    @FUZZ
    @given(pattern=st.sampled_from(patterns), value=values)
    def check(pattern, value):
        path = pattern.path(dict.fromkeys(pattern.parameters, quote(value, safe="")))
        response = client.get(path)

        assert response.status_code < 500, path

    check()
