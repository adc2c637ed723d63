"""A migration operation that runs SQL on one database vendor only."""

from django.db import migrations


class VendorSQL(migrations.RunSQL):
    """RunSQL for `vendor` ("postgresql", "sqlite"); other databases skip it."""

    def __init__(self, vendor, sql, reverse_sql):
        super().__init__(sql, reverse_sql)
        self.vendor = vendor

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"Raw SQL for {self.vendor}"

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return name, [self.vendor, self.sql, self.reverse_sql], {}
