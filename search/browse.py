"""What the search page offers to browse when a search finds nothing: the listings, by theme and by region.

The listings are the site's section index pages that list pages (base.models.ListingPage); each says which facets
it is browsed by (`browse_facets`), so search knows no page type. They come from base.navigation, which every
page has already read: no query.
"""

from django.utils.http import urlencode

from base.facets import FACETS
from base.navigation import navigation


def browse_options(language):
    """{"listings": [{title, url}], "facets": [{listing, title, links: [{label, url}]}]} for `language`."""
    listings = [index for index in navigation(language)["indexes"].values() if index.get("listing")]
    facets = []
    for listing in listings:
        for name in listing.get("browse", ()):
            facet = FACETS[name]
            links = [
                {"label": label, "url": f"{listing['url']}?{urlencode({facet.param: value})}"}
                for value, label in facet.vocabulary(())
            ]
            facets.append({"listing": listing["title"], "title": facet.title, "links": links})
    return {"listings": listings, "facets": facets}
