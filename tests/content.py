"""Content for the tests, made by each app's factories (never through the importer), in the record's words:
`practice(key=…, countries=["TG"], partners=[partner key])`; a key already on the site makes a translation."""

from partners.factories import partner
from practices.factories import practice
from resources.factories import resource

__all__ = ["partner", "practice", "resource"]
