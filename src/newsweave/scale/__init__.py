"""The pipeline on a Dask cluster, for corpora one machine cannot brief in time.

:func:`run_on_dask` runs the stage functions of :func:`newsweave.pipeline.run` as tasks on any
``dask.distributed`` cluster (a local one, Kubernetes, YARN, SLURM: whatever the user's ``Client`` points at).
The stage code is the same and never knows where it runs; each worker process loads the models once.

What runs where:

======================  ===========================================  ==========================================
stage                   tasks                                        on the client
======================  ===========================================  ==========================================
read                    one per chunk of files                       expanding folders; records; unique ids
clean                   one per outlet (the repeated-line cue needs
                        all of an outlet's articles), small outlets
                        batched
story features          one per chunk of articles (title+lead
                        embedding, keys)
cluster                                                              the kNN clustering of all vectors
analyse                 one per story (sentences, entities, dates,
                        quotes, sentence embeddings)
strays                                                               lone articles matched to stories
cross-check             one per story (copies, facts, conflicts,
                        timeline, summary)
======================  ===========================================  ==========================================

The brief is the one a single-process run gives, byte for byte: both look for copies inside each story (see
:func:`newsweave.pipeline.cross_check`), so no stage needs another story's results.
"""

from newsweave.scale.dask import ClusterUnavailableError, brief_on_dask, connect, local_client, run_on_dask

__all__ = ["ClusterUnavailableError", "brief_on_dask", "connect", "local_client", "run_on_dask"]
