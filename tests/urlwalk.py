"""Every URL pattern of the project, found by walking the resolver, with sample arguments.

Tests of access rules build their list of pages from here rather than from a list kept by
hand, so that a view added later is checked too.
"""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

# A parameter of a route ("<path:object_id>"), a named regex group ("(?P<app_label>...)")
# or a positional one ("([^/]+)", named "1", "2" ... here).
_PARAMETER = re.compile(r"<(?:\w+:)?(?P<route>\w+)>|\(\?P<(?P<named>\w+)>[^)]*\)|\((?!\?)[^)]*\)")


@dataclass(frozen=True)
class Pattern:
    route: str  # the pattern strings from the root, joined: "admin/auth/user/<id>/password/"
    name: str | None
    namespaces: tuple[str, ...]

    def _replace(self, value_of):
        positional = 0

        def replacement(match):
            nonlocal positional
            name = match["route"] or match["named"]
            if name is None:
                positional += 1
                name = str(positional)
            return value_of(name)

        return _PARAMETER.sub(replacement, self.route)

    @property
    def parameters(self):
        names = []
        self._replace(lambda name: names.append(name) or "")
        return names

    def path(self, values):
        """The URL path with each parameter replaced by values[name]."""
        route = self._replace(lambda name: str(values[name]))
        return "/" + route.removesuffix("$")

    def __str__(self):
        return self.name or self.route


def all_patterns():
    found = []

    def walk(entries, prefix, namespaces):
        for entry in entries:
            # Joined as Django joins them for ResolverMatch.route: without each part's "^".
            route = prefix + str(entry.pattern).removeprefix("^")
            if isinstance(entry, URLResolver):
                inner = (*namespaces, entry.namespace) if entry.namespace else namespaces
                walk(entry.url_patterns, route, inner)
            elif isinstance(entry, URLPattern):
                found.append(Pattern(route, entry.name, namespaces))

    walk(get_resolver().url_patterns, "", ())
    return found


def admin_patterns():
    return [pattern for pattern in all_patterns() if "admin" in pattern.namespaces]


def public_patterns():
    return [pattern for pattern in all_patterns() if "admin" not in pattern.namespaces]
