from django import template

register = template.Library()


@register.filter
def compare_url(version, thread=None):
    """{{ provision.version|compare_url:thread }}: the comparison with its base, at the thread."""
    return version.get_comparison_url(thread)
