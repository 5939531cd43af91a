"""Story clustering: which articles report the same event.

* :func:`article_vectors` and :func:`article_keys` turn a title and lead into what articles are compared by;
* :func:`cluster_articles` groups a batch (sparse candidate graph + average linkage, scales to 10,000+ articles);
* :class:`StoryClusterer` files articles one at a time with stable story ids, for a growing corpus;
* :func:`article_similarity` scores two whole articles on the same scale.
"""

from newsweave.cluster.batch import cluster_articles
from newsweave.cluster.online import StoryClusterer
from newsweave.cluster.represent import article_keys, article_vectors
from newsweave.cluster.similarity import article_similarity

__all__ = ["StoryClusterer", "article_keys", "article_similarity", "article_vectors", "cluster_articles"]
