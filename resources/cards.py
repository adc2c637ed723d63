"""What a list of resource cards needs (their document's format and size), in a constant number of queries."""


def prefetch_resource_cards(queryset):
    return queryset.select_related("locale", "document")
