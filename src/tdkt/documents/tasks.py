"""Background work of documents (django-tasks): certificate batches.

Under tests settings.TASKS uses the ImmediateBackend (the task runs at once); otherwise the
database backend, run by `tdkt db_worker` (django-tasks-db).
"""

from __future__ import annotations

from django_tasks import task


@task()
def certificate_batch_task(batch_id: int) -> None:
    from tdkt.documents.batches import run_batch

    run_batch(batch_id)
