"""Atom feed of the versions, newest first: readers learn of a new draft the day it is added."""

import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .models import PlanVersion
from .rendering import render_markdown

FEED_LENGTH = 50


class VersionFeed(Feed):
    feed_type = Atom1Feed
    title = "PlanCompare: new versions of the text"
    subtitle = "Each new version of the negotiated text as it is added, with its summary."

    def link(self):
        return reverse("provisions:home")

    def items(self):
        return PlanVersion.objects.newest_first()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return render_markdown(item.summary)

    def item_pubdate(self, item):
        # A version has a publication date only; midnight UTC stands for the day.
        return datetime.datetime.combine(item.published, datetime.time(), tzinfo=datetime.UTC)

    def item_author_name(self, item):
        return ", ".join(party.name for party in item.drafted_by.all())

    def item_categories(self, item):
        return [item.get_stage_display()]
