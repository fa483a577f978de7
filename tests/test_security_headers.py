"""Every page carries the security headers; no public page has inline script or style, so
the Content-Security-Policy needs neither 'unsafe-inline' nor a per-request nonce (public
pages are cached whole)."""

from html.parser import HTMLParser

import pytest

from provisions.models import PlanVersion
from tests.factories import make_version
from tests.test_url_policy import answering_path, identifiers  # noqa: F401 - fixture
from tests.urlwalk import public_patterns

pytestmark = pytest.mark.django_db


class InlineCode(HTMLParser):
    """Collects what a strict policy would block: inline scripts, styles and handlers."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        names = {name for name, _value in attrs}
        if tag == "script" and "src" not in names:
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")
        self.found += [f"{tag} {name}=" for name in names if name == "style" or name[:2] == "on"]
        self.found += [
            f"{tag} {name}=javascript:"
            for name, value in attrs
            if name in ("href", "src", "action") and (value or "").lower().startswith("javascript:")
        ]


def inline_code(html):
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def assert_security_headers(response):
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_the_inline_code_finder_finds_what_it_should():
    html = '<p style="x" onclick="y"><script>z</script><style></style><a href="JavaScript:1">'

    assert len(inline_code(html)) == 5
    assert inline_code('<script src="/static/js/compare.js" defer></script>') == []


def test_every_public_page_has_the_headers_and_no_inline_code(client, identifiers):  # noqa: F811
    for pattern in public_patterns():
        path, response = answering_path(client, pattern, identifiers)

        assert_security_headers(response)
        assert "nonce-" not in response["Content-Security-Policy"], path
        if response["Content-Type"].startswith("text/html"):
            assert inline_code(response.content.decode()) == [], path


@pytest.fixture
def three_versions(identifiers):  # noqa: F811
    make_version(slug="third-draft", based_on=PlanVersion.objects.get(slug="second-draft"))


@pytest.mark.usefixtures("three_versions")
@pytest.mark.parametrize(
    "path",
    [
        "/compare/?v=first-draft&v=second-draft&v=third-draft",
        "/compare/first-draft/second-draft/?changed=1&theme=military",
        "/provisions/?q=text",
    ],
)
def test_pages_with_parameters_have_no_inline_code_either(client, path):
    response = client.get(path)

    assert response.status_code == 200
    assert inline_code(response.content.decode()) == []


@pytest.mark.parametrize("path", ["/no/such/page/", "/compare/?v=a&v=%00"])
def test_error_pages_have_the_headers_and_no_inline_code(client, path):
    response = client.get(path)

    assert_security_headers(response)
    assert inline_code(response.content.decode()) == []


@pytest.mark.parametrize("path", ["/admin/login/", "/admin/", "/admin/provisions/planversion/"])
def test_admin_pages_have_the_headers(admin_client, path):
    assert_security_headers(admin_client.get(path))


def test_https_responses_carry_hsts_when_the_operator_sets_it(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True

    secure = client.get("/", secure=True)

    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in client.get("/")
