"""The event store (DuckDB): schema and migrations, bulk writes, idempotent ingest,
deduplication into happenings, queries, aggregations and exports."""

from eventwire.store.core import DEFAULT_STORE, Store, StoreError, WriteReport
from eventwire.store.filters import EventFilter
from eventwire.store.frames import Batch, article_result, error_row, failure_result, results_to_batch, skipped_result

__all__ = ["DEFAULT_STORE", "Batch", "EventFilter", "Store", "StoreError", "WriteReport", "article_result",
           "error_row", "failure_result", "results_to_batch", "skipped_result"]
