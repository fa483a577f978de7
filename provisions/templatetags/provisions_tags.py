from django import template
from django.utils.safestring import mark_safe

from provisions.rendering import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """Markdown to sanitised HTML (see provisions.rendering)."""
    return mark_safe(render_markdown(text))  # noqa: S308 - sanitised by nh3
