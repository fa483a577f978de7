"""{% capture name %}…{% endcapture %}: render a block once, use its text several times.

base.html captures the `title` and `description` blocks so one definition per page fills
<title>, the meta description and the Open Graph tags alike.
"""

import html

from django import template
from django.utils.html import strip_tags

register = template.Library()


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
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("usage: {% capture name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[1])
