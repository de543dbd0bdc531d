"""Decision drafts in the Django admin: look-up only (numbering and signing go through the
services); issuer profiles stay editable on the decisions screen."""

from __future__ import annotations

from django.contrib import admin

from tdkt.awarding.models import DecisionDraft, NumberSequence
from tdkt.nominations.admin import ReadOnlyAdmin


@admin.register(DecisionDraft)
class DecisionDraftAdmin(ReadOnlyAdmin):
    list_display = ("round", "number", "signed_on", "state")
    list_filter = ("state",)


@admin.register(NumberSequence)
class NumberSequenceAdmin(ReadOnlyAdmin):
    list_display = ("unit", "year", "kind", "last")
