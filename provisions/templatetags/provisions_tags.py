"""The project's one template-tag library: Markdown, diff pieces, comparison links, table
cells and the pieces they share with other pages (provisions.table_cells), {% capture %}.

Markdown is sanitised by provisions.rendering; diff markup comes only from the diff engine's
renderers, which escape every piece of text; table_cells escapes every text it writes (and
marks its tags' output safe). Their outputs may therefore be marked safe.
"""

import html

from django import template
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from provisions import table_cells
from provisions.engines import diffing
from provisions.rendering import plain_text, render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """Markdown to sanitised HTML (see provisions.rendering)."""
    return mark_safe(render_markdown(text))  # noqa: S308 - sanitised by nh3


@register.filter(name="plain")
def plain_filter(text):
    """Markdown to its words on one line, without markup (see provisions.rendering)."""
    return plain_text(text)


@register.filter
def diff_inline(pieces):
    return mark_safe(diffing.render_inline(pieces))  # noqa: S308 - escaped by the engine


# {% pair_row row %}, {% synoptic_row row %}, {% overview_cells row %}, {% status_mark kind
# label symbol %}, {% provision_badges provision %}, {% party_positions positions %},
# {% citation_list citations compact=True %}: see provisions.table_cells.
for renderer in table_cells.TAGS:
    register.simple_tag(renderer)


@register.filter
def compare_url(version, thread=None):
    """{{ version|compare_url:thread }}: the comparison of a version with the one it revises
    (its base), at the thread's row; the one meaning of "compare URL" across the project."""
    return version.get_comparison_url(thread)


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        # Plain text (tags stripped, entities decoded, whitespace collapsed); {{ name }}
        # escapes it again wherever it is used, attributes included.
        text = html.unescape(strip_tags(self.nodelist.render(context)))
        context[self.name] = " ".join(text.split())
        return ""


@register.tag
def capture(parser, token):
    """{% capture name %}…{% endcapture %}: render a block once, use its text several times.

    base.html captures the `title` and `description` blocks so one definition per page fills
    <title>, the meta description and the Open Graph tags alike.
    """
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("usage: {% capture name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[1])
