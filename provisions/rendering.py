"""Markdown to safe HTML: every text field an editor or a data file supplies goes through here."""

import html
from functools import lru_cache

import markdown as markdown_lib
import nh3
from django.utils.html import strip_tags

ALLOWED_TAGS = {
    "p", "br", "ul", "ol", "li", "em", "strong", "blockquote", "code", "pre", "a",
    "h3", "h4", "h5", "h6", "hr", "sub", "sup", "del", "ins",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = {"http", "https"}


# Texts repeat across pages and requests (the same provision on its version, thread and compare
# pages); rendering is pure, so a per-process cache keyed by the text is always correct.
@lru_cache(maxsize=4096)
def render_markdown(text):
    """Render Markdown, then sanitise: raw HTML in the source survives only as allowed tags."""
    html = markdown_lib.markdown(text or "", extensions=["sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


def plain_text(text):
    """The words of a Markdown text without its markup, on one line ("**No consensus.**" -> "No
    consensus."), for places that take text, not HTML: a legend, a select option."""
    return " ".join(html.unescape(strip_tags(render_markdown(text))).split())
