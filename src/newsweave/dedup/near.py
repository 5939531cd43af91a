"""Near-duplicate candidates with MinHash LSH (datasketch).

Building the index is O(n·k) for n articles and k permutations; a query returns candidates whose estimated Jaccard
is likely above the threshold, in roughly constant time, so corpus-scale runs never compare all pairs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

from datasketch import MinHash, MinHashLSH


def minhash(shingle_set: Iterable[str], permutations: int) -> MinHash:
    signature = MinHash(num_perm=permutations, seed=1)
    signature.update_batch([s.encode("utf-8") for s in shingle_set])
    return signature


@lru_cache(maxsize=8)
def lsh_shape(threshold: float, permutations: int) -> tuple[int, int]:
    """(bands, rows per band) that datasketch's MinHashLSH picks for this threshold. Picking them integrates a
    false-positive curve numerically (about 25 ms), so it is done once per threshold, not once per index: a run
    builds one index per story, and the store persists the same layout."""
    lsh = MinHashLSH(threshold=threshold, num_perm=permutations)
    return lsh.b, lsh.r


def candidate_pairs(
    shingle_sets: Mapping[str, frozenset[str]], threshold: float, permutations: int
) -> list[tuple[str, str]]:
    """Pairs of ids (sorted, deduplicated) whose shingle sets are probably at least ``threshold`` similar."""
    lsh = MinHashLSH(threshold=threshold, num_perm=permutations, params=lsh_shape(threshold, permutations))
    signatures = {key: minhash(shingles, permutations) for key, shingles in shingle_sets.items() if shingles}
    pairs: set[tuple[str, str]] = set()
    for key in sorted(signatures):
        for other in lsh.query(signatures[key]):
            pairs.add((min(key, other), max(key, other)))
        lsh.insert(key, signatures[key])
    return sorted(pairs)
