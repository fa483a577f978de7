from django import template

from provisions.links import compare_path

register = template.Library()


@register.filter
def compare_url(version, thread=None):
    """{{ provision.version|compare_url:thread }}: the comparison with its base, at the thread."""
    return compare_path(version, thread)
