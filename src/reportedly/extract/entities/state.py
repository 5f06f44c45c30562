"""The cluster table every build stage writes: the referents found so far, which referent owns
each token, and the ids given to them."""

from __future__ import annotations

from reportedly.document import Parsed
from reportedly.extract.entities.cluster import Cluster

# Ids of entities, and of the unnamed referents that sources may resolve to.
ENTITY_PREFIX = "E"
UNNAMED_PREFIX = "U"


class ClusterTable:
    """The referents of one article while its index is built and asked."""

    def __init__(self, parsed: Parsed) -> None:
        self.parsed = parsed
        self.clusters: list[Cluster] = []
        # Token index -> cluster key, for every token inside a known mention (titles included).
        self.token_owner: dict[int, int] = {}
        # The next number to give under each id prefix (set when the referents are numbered).
        self.next_id: dict[str, int] = {}

    def new_cluster(self) -> Cluster:
        cluster = Cluster(key=len(self.clusters))
        self.clusters.append(cluster)
        return cluster

    def claim(self, cluster: Cluster, first: int, last: int) -> None:
        """Give tokens ``first..last`` (inclusive) to ``cluster`` unless another holds them."""
        for i in range(first, last + 1):
            self.token_owner.setdefault(i, cluster.key)

    def mention(self, cluster: Cluster, first: int, last: int) -> None:
        doc = self.parsed.doc
        cluster.add_mention(doc[first].idx, doc[last].idx + len(doc[last]))
        self.claim(cluster, first, last)

    def give_id(self, cluster: Cluster) -> None:
        prefix = UNNAMED_PREFIX if cluster.unnamed else ENTITY_PREFIX
        cluster.id = f"{prefix}{self.next_id[prefix]}"
        self.next_id[prefix] += 1

    def by_id(self, entity_id: str) -> Cluster | None:
        return next((c for c in self.clusters if c.id == entity_id), None)


def number(table: ClusterTable) -> None:
    """Entities are numbered E1, E2, … in order of first mention. An unnamed referent ("a
    senior official", "some of his aides") is no entity: it gets an internal id (U1, …) so
    that a pronoun or a repeated description can still be told to refer to it, and the
    speaker linking takes that id off every source in the end."""
    live = sorted((c for c in table.clusters if c.mentions), key=lambda c: c.first)
    table.next_id = {ENTITY_PREFIX: 1, UNNAMED_PREFIX: 1}
    for cluster in live:
        table.give_id(cluster)
