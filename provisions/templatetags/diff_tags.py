"""Diff pieces to HTML. Only the diff engine's renderers build the markup: they escape every
piece of text, so their output may be marked safe."""

from django import template
from django.utils.safestring import mark_safe

from provisions.engines import diffing

register = template.Library()


@register.filter
def diff_inline(pieces):
    return mark_safe(diffing.render_inline(pieces))  # noqa: S308 - escaped by the engine


@register.filter
def diff_old(pieces):
    return mark_safe(diffing.render_sides(pieces)[0])  # noqa: S308 - escaped by the engine


@register.filter
def diff_new(pieces):
    return mark_safe(diffing.render_sides(pieces)[1])  # noqa: S308 - escaped by the engine
