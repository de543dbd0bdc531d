"""Background screening of big scopes (django-tasks): the result is stored as a JSON file under
``MEDIA_ROOT/screening/`` and the progress page polls its status file."""

from __future__ import annotations

from django_tasks import task


@task()
def screening_task(unit_id: int, year: int, kind: str) -> None:
    from tdkt.rules.services import screening_run

    screening_run(unit_id, year, kind)
