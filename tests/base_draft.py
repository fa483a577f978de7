"""A small base version for the tests of linking a new draft to it: three points, each with
its subject (the army cap with a theme, elections, an amnesty)."""

from tests.factories import make_party, make_provision, make_theme, make_thread, make_version

ARMY = "The armed forces are to be capped at 600,000 personnel."
ELECTIONS = "Elections are to be held within one hundred days of the signature."
AMNESTY = "Every party to the conflict receives a full amnesty for acts committed in the war."


def make_base_draft():
    army = make_thread(slug="army", title="Cap on the armed forces")
    army.themes.set([make_theme("military")])
    make_party("Ruritania")
    version = make_version(slug="base-draft", short_name="Base draft")
    make_provision(version, number="1", text=ARMY, threads=[army])
    make_provision(version, number="2", text=ELECTIONS, threads=[make_thread(slug="elections")])
    make_provision(version, number="3", text=AMNESTY, threads=[make_thread(slug="amnesty")])
    return version
