"""Atom feed of the versions, newest first: readers learn of a new draft the day it is added."""

import datetime
import re

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .models import PlanVersion
from .rendering import render_markdown

FEED_LENGTH = 50
# Characters XML 1.0 cannot carry, which Django's feed writer refuses with an exception.
# Stored text may hold them: Word's Shift+Enter line break is a vertical tab.
XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text):
    return XML_INVALID.sub(" ", text)


class VersionFeed(Feed):
    feed_type = Atom1Feed
    title = "PlanCompare: new versions of the text"
    subtitle = "Each new version of the negotiated text as it is added, with its summary."

    def link(self):
        return reverse("provisions:home")

    def items(self):
        return PlanVersion.objects.newest_first()[:FEED_LENGTH]

    def item_title(self, item):
        return xml_text(item.title)

    def item_description(self, item):
        return render_markdown(xml_text(item.summary))

    def item_pubdate(self, item):
        # A version has a publication date only; midnight UTC stands for the day.
        return datetime.datetime.combine(item.published, datetime.time(), tzinfo=datetime.UTC)

    def item_author_name(self, item):
        return xml_text(", ".join(party.name for party in item.drafted_by.all()))

    def item_categories(self, item):
        return [item.get_stage_display()]
