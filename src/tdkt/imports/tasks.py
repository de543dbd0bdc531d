"""Background work for big files (django-tasks): preview and confirm of an import batch.

Under tests settings.TASKS uses the ImmediateBackend (the task runs at once); otherwise the
database backend, run by `tdkt db_worker` (django-tasks-db).
"""

from __future__ import annotations

from django_tasks import task


@task()
def preview_task(batch_id: int) -> None:
    from tdkt.imports.services import run_preview

    run_preview(batch_id)


@task()
def confirm_task(batch_id: int, actor_id: int) -> None:
    from tdkt.imports.services import run_confirm

    run_confirm(batch_id, actor_id)
