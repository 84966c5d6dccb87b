"""Every existing study gets a research group: one per institution, with the study's
requester as a member (the privacy officer adjusts the groups afterwards)."""

from django.db import migrations


def forwards(apps, schema_editor):
    Study = apps.get_model("research", "Study")
    ResearchGroup = apps.get_model("research", "ResearchGroup")
    for study in Study.objects.filter(group__isnull=True).order_by("requested_at"):
        group, _created = ResearchGroup.objects.get_or_create(
            name=study.institution[:200] or "Onderzoeksgroep",
            defaults={"institution": study.institution[:200]},
        )
        group.members.add(study.requested_by_id)
        Study.objects.filter(pk=study.pk).update(group=group)


class Migration(migrations.Migration):
    dependencies = [("research", "0002_groups_and_ledger")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
