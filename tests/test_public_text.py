"""The shipped data's public texts carry no editors' notes: summaries say what a version
does (conventions of our numbering go to its notes), and thread descriptions name no
thread slugs, existing or not."""

import re
from pathlib import Path

import yaml

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_version_summaries_hold_no_numbering_conventions():
    for path in sorted((FIXTURES / "plans").glob("*.yaml")):
        summary = yaml.safe_load(path.read_text())["version"]["summary"]
        assert "numbering" not in summary.lower(), path.name


def test_thread_descriptions_name_no_slugs():
    threads = yaml.safe_load((FIXTURES / "threads.yaml").read_text())
    slugs = {thread["slug"] for thread in threads}
    slug_like = re.compile(r"\b[a-z]+(?:-[a-z]+){1,}\b")
    for thread in threads:
        named = set(slug_like.findall(thread.get("description", "")))
        assert not named & slugs, thread["slug"]
        assert "should be split" not in thread.get("description", ""), thread["slug"]
