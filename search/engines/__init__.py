"""The engine the public search uses: Elasticsearch when ELASTICSEARCH_URL is set, else the database's own."""

from functools import lru_cache

from django.conf import settings
from django.db import connection


def get_engine():
    return _engine(bool(settings.ELASTICSEARCH_URL), connection.vendor)


@lru_cache(maxsize=4)
def _engine(elasticsearch, vendor):
    database = database_engine(vendor)
    if elasticsearch:
        from .elastic import ElasticsearchEngine  # the cluster's client loads only where a cluster is configured

        return ElasticsearchEngine(database)
    return database


def database_engine(vendor):
    if vendor == "postgresql":
        from .postgres import PostgresEngine  # each database's engine loads only on that database

        return PostgresEngine()
    from .sqlite import SqliteEngine  # each database's engine loads only on that database

    return SqliteEngine()
