"""Typed, checked access to the fields of one entry of the input, failing with its location."""

import datetime
import re
from collections import Counter

SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]+$")
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
# Control characters (C0, DEL, C1) other than tab and line feed. YAML refuses most of them raw,
# so `load_file` swaps raw ones for private-use stand-ins (STAND_IN + code) to be reported with
# their entry and field like escaped ones ("\0" in a quoted string).
STAND_IN = 0xF0000
CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\U000f0000-\U000f009f]")
RAW_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")


def type_name(value):
    return {dict: "a mapping", list: "a list", type(None): "nothing"}.get(
        type(value), type(value).__name__
    )


class Entry:
    """One mapping of the input and its location: typed, checked access to its fields."""

    def __init__(self, location, data):
        self.location = location
        self.data = data

    def fail(self, key, problem):
        self.location.fail(key, problem)

    def child(self, key, index, data):
        return Entry(self.location.child(key, index), data)

    def children(self, key, *, required=True):
        return [self.child(key, i, raw) for i, raw in enumerate(self.items(key, required=required))]

    def check_keys(self, allowed, required=()):
        if not isinstance(self.data, dict):
            self.fail(None, f"expected a mapping, got {type_name(self.data)}")
        for key, value in self.data.items():
            if isinstance(key, str):
                self.printable(None if CONTROL_RE.search(key) else key, key)
                if not key.isprintable():  # a newline or tab in a key would split the error line
                    self.fail(None, f"a key must be one line of printable text, got {key!r}")
            if isinstance(value, str):
                self.printable(key, value)
        for key in self.data:
            if key not in allowed:
                self.fail(key, f"unknown key (allowed: {', '.join(sorted(allowed))})")
        for key in required:
            if key not in self.data:
                self.fail(key, "missing required key")

    def text(self, key, *, required=True, max_length=None):
        value = self.data.get(key)
        if value is None:
            if required:
                self.fail(key, "must not be empty")
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.fail(key, f"expected text, got {type_name(value)}")
        value = self.printable(key, str(value)).strip()
        if required and not value:
            self.fail(key, "must not be empty")
        if max_length and len(value) > max_length:
            self.fail(key, f"is {len(value)} characters long; the limit is {max_length}")
        return value

    def printable(self, key, value):
        control = CONTROL_RE.search(value)
        if control:
            code = ord(control.group())
            code -= STAND_IN if code >= STAND_IN else 0
            self.fail(
                key,
                f"contains the control character U+{code:04X} "
                "(only line breaks and tabs are allowed)",
            )
        return value

    def slug(self, key, *, required=True, max_length=100):
        value = self.text(key, required=required, max_length=max_length)
        if value and not SLUG_RE.match(value):
            self.fail(key, f"{value!r} is not a valid identifier (letters, digits, '-', '_')")
        return value or None

    def choice(self, key, choices, *, default=None):
        value = self.data.get(key)
        if value is None and default is not None:
            return default
        allowed = [value for value, _label in choices.choices]
        if value not in allowed:
            self.fail(key, f"{value!r} is not one of: {', '.join(allowed)}")
        return value

    def date(self, key, *, required=True):
        value = self.data.get(key)
        if value is None:
            if required:
                self.fail(key, "missing date")
            return None
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            self.fail(key, f"{value!r} is not an ISO date (YYYY-MM-DD)")

    def boolean(self, key):
        value = self.data.get(key, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.fail(key, f"expected true or false, got {value!r}")
        return value

    def items(self, key, *, required=True):
        value = self.data.get(key)
        if value is None:
            if required and key not in self.data:
                self.fail(key, "missing list")
            return []
        if not isinstance(value, list):
            self.fail(key, f"expected a list, got {type_name(value)}")
        return value

    def string_list(self, key, *, required=True, slugs=False, max_length=200):
        values = []
        for index, item in enumerate(self.items(key, required=required)):
            if not isinstance(item, str) or not item.strip():
                self.fail(f"{key}[{index}]", f"expected a name, got {item!r}")
            self.printable(f"{key}[{index}]", item)
            if len(item.strip()) > max_length:
                self.fail(f"{key}[{index}]", f"is longer than {max_length} characters")
            if slugs and not SLUG_RE.match(item):
                self.fail(f"{key}[{index}]", f"{item!r} is not a valid identifier")
            values.append(item.strip())
        self.refuse_repeats(key, values, "is listed twice")
        return values

    def refuse_repeats(self, key, values, problem):
        repeated = [value for value, count in Counter(values).items() if count > 1]
        if repeated:
            self.fail(key, f"{repeated[0]!r} {problem}")
