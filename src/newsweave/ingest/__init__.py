"""Reading: files, folders and records in; raw articles and a reason for everything skipped out.

Bad input never raises: each unusable file, line or record becomes a :class:`~newsweave.model.Skipped` naming
where it is and what to do, and the run goes on.
"""

from newsweave.ingest.paths import read_paths
from newsweave.ingest.records import read_records
from newsweave.ingest.registry import EXTENSIONS, READERS

__all__ = ["EXTENSIONS", "READERS", "read_paths", "read_records"]
