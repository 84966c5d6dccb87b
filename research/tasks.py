"""Background jobs of the research app (django-tasks, database backend)."""

from django_tasks import task


@task()
def export_job(export_id: str) -> str:
    from research.services import run_export

    return run_export(export_id).status
