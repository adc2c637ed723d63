"""The columns of a many-to-many relation's table, for SQL written once a process (base.mixins, base.i18n)."""

from django.db import connection


def through_columns(model, relation):
    """(table, source, target), quoted: the through table of `model`'s many-to-many `relation` (forward, or
    reverse), its column naming a `model` row and its column naming a related row."""
    field = model._meta.get_field(relation)
    forward = field.field if field.auto_created else field  # a reverse relation's ManyToManyRel, or the field
    through = forward.remote_field.through._meta
    source = through.get_field(forward.m2m_field_name()).column
    target = through.get_field(forward.m2m_reverse_field_name()).column
    if field.auto_created:
        source, target = target, source
    quote = connection.ops.quote_name
    return quote(through.db_table), quote(source), quote(target)
