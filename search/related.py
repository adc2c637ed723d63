"""Vectors of the documents, and their related documents: computed when the index changes, never on a request.

A document's related documents are the RELATED nearest public documents of its family (the page
type's kinds: practices for a practice, resources for a resource), from any language, never of
its own translation group. They are stored with its vector (SearchVector.related) as translation
groups, so that a page shows each one in its reader's language where translated.

When documents change, their own lists are computed again, and so are those of the documents
whose lists they enter (closer than the last one kept) or leave (a changed or removed group).
"""

from dataclasses import dataclass

import numpy as np

from base import page_cache

from . import registry
from .documents import page_source
from .embeddings import document_vectors, get_encoder, to_bytes
from .engines.facet_index import bits_to_array, current_index
from .models import SearchDocument, SearchFacet, SearchVector

RELATED = 4
WINDOW = RELATED * 8  # nearest documents looked at: enough for RELATED groups when groups have several versions


def store_vectors(rows):
    """Compute and save the vectors of these SearchDocument rows (nothing without an encoder)."""
    encoder = get_encoder()
    if encoder is None or not rows:
        return
    vectors = document_vectors([(row.title, row.summary, row.body) for row in rows], encoder)
    SearchVector.objects.filter(document__in=[row.pk for row in rows]).delete()
    SearchVector.objects.bulk_create(
        [
            SearchVector(document_id=row.pk, encoder=encoder.name, data=to_bytes(vector))
            for row, vector in zip(rows, vectors, strict=True)
        ],
        batch_size=500,
    )


def families(index):
    """Each position's family number (-1: none) and, per family, the positions that may be related:
    public documents with a vector."""
    kinds = index.facets.get("kind", {})
    family = np.full(index.size, -1, dtype=np.int32)
    for number, entry in enumerate(registry.contributions()):
        for kind, _label in entry.kinds:
            if kind in kinds:
                family[bits_to_array(kinds[kind], index.size)] = number
    return family


class Neighbourhood:
    """What computing related documents needs of the current index, read once."""

    def __init__(self, encoder):
        self.index = current_index()
        self.matrix = self.index.vectors(encoder)
        self.family = families(self.index)
        public = ~bits_to_array(self.index.unreadable_bits(frozenset()), self.index.size)
        self.candidate = public & (self.matrix.scales > 0) & (self.family >= 0)

    def related(self, positions):
        """{position: [[group, similarity], …]} for these positions."""
        index, groups = self.index, self.index.group_names
        found = {}
        vectors = self.matrix.vectors(positions)
        similarities = self.matrix.similarities_many(vectors)  # (documents, len(positions))
        for column, position in enumerate(positions):
            allowed = (
                self.candidate
                & (self.family == self.family[position])
                & (index.group_numbers != index.group_numbers[position])
            )
            scores = np.where(allowed, similarities[:, column], -np.inf)
            best, kept = {}, []
            nearest = np.argpartition(-scores, min(WINDOW, len(scores)) - 1)[:WINDOW] if len(scores) else scores
            for candidate in nearest[np.argsort(-scores[nearest])]:
                if not np.isfinite(scores[candidate]):
                    break
                group = groups[index.group_numbers[candidate]]
                if group not in best:  # several versions of one group: the closest counts
                    best[group] = round(float(scores[candidate]), 4)
                    kept.append([group, best[group]])
                if len(kept) == RELATED:
                    break
            found[position] = kept
        return found


def refresh_related(changed_ids=(), removed_groups=()):
    """Compute again the related documents of `changed_ids` and of the documents they affect: those
    whose list a changed document may now enter (closer than its last one) or that list a changed or
    removed group."""
    encoder = get_encoder()
    if encoder is None:
        return
    area = Neighbourhood(encoder)
    index = area.index
    changed = [index.position[pk] for pk in changed_ids if pk in index.position]
    touched = set(removed_groups) | {index.group_names[index.group_numbers[p]] for p in changed}
    affected = set(changed)
    entering = area.matrix.similarities_many(area.matrix.vectors(changed)).max(axis=1) if changed else None
    stored = SearchVector.objects.filter(encoder=encoder.name).values_list(
        "document_id", "related_floor", "related_groups"
    )
    for pk, floor, groups in stored.iterator(chunk_size=5000):
        position = index.position.get(pk)
        if position is None or area.family[position] < 0:  # gone, or of a page type without related documents
            continue
        if (entering is not None and entering[position] > floor) or (touched and touched & set(groups.split())):
            affected.add(position)
    save_related(area, sorted(affected))


def refresh_all_related(progress=None):
    """Every document's related documents (after a rebuild), in blocks."""
    encoder = get_encoder()
    if encoder is None:
        return
    area = Neighbourhood(encoder)
    positions = [p for p in range(area.index.size) if area.matrix.scales[p] > 0]
    for start in range(0, len(positions), 256):
        save_related(area, positions[start : start + 256])
        if progress:
            progress(min(start + 256, len(positions)), len(positions))


def save_related(area, positions):
    """Compute and store the related documents of `positions`, with what a page shows of each (its
    versions' titles and addresses, its kind and countries), so that showing them is one query."""
    if not positions:
        return
    found = area.related(positions)
    shown = described({group for related in found.values() for group, _score in related})
    rows = list(SearchVector.objects.filter(document_id__in=[area.index.ids[p] for p in positions]))
    changed = []
    for row in rows:
        related = found[area.index.position[row.document_id]]
        before = row.related
        row.related = [{**shown[group], "group": group, "score": score} for group, score in related if group in shown]
        row.related_groups = " ".join(entry["group"] for entry in row.related)
        row.related_floor = row.related[-1]["score"] if len(row.related) >= RELATED else -1.0
        if _shown(before) != _shown(row.related):
            changed.append(row.document_id)
    SearchVector.objects.bulk_update(rows, ["related", "related_groups", "related_floor"], batch_size=500)
    # The pages showing these lists are stale in the page cache (not for a mere change of score).
    page_cache.forget_groups(set(SearchDocument.objects.filter(pk__in=changed).values_list("group", flat=True)))


def _shown(related):
    return [(entry["group"], entry["versions"], entry["kind"], entry["countries"]) for entry in related or []]


def described(groups):
    """{group: {"kind", "original", "countries", "versions": {language: [title, url]}}} of its public documents."""
    shown = {}
    documents = SearchDocument.objects.filter(group__in=groups, restricted=False)
    for group, language, original, title, url, kind in documents.values_list(
        "group", "language", "original_language", "title", "url", "kind"
    ):
        entry = shown.setdefault(group, {"kind": kind, "original": original, "countries": [], "versions": {}})
        entry["versions"][language] = [title, url]
    countries = SearchFacet.objects.filter(document__in=documents, name="country")
    for group, country in countries.values_list("document__group", "value").distinct():
        if country not in shown[group]["countries"]:
            shown[group]["countries"].append(country)
    for entry in shown.values():
        entry["countries"].sort()
    return shown


@dataclass
class Related:
    group: str
    language: str
    title: str
    url: str
    kind: str
    countries: list
    score: float


def related_documents(page_id, language):
    """The related documents of a page, best first, each in `language` where translated, else in its
    original language, else another: [Related]. One query; nothing is computed here."""
    stored = SearchVector.objects.filter(document__source=page_source(page_id)).values_list("related", flat=True)
    found = []
    for entry in stored.first() or []:
        versions = entry["versions"]
        shown = next((code for code in (language, entry["original"]) if code in versions), None) or min(versions)
        title, url = versions[shown]
        found.append(Related(entry["group"], shown, title, url, entry["kind"], entry["countries"], entry["score"]))
    return found
