"""Which teams run which programme. Existing databases start from what they hold: a team with
an enrolment of a programme runs it; the functional admin corrects the list in the admin."""

import privacy.fields
from django.db import migrations, models


def teams_from_enrolments(apps, schema_editor):
    Programme = apps.get_model("casework", "Programme")
    Enrolment = apps.get_model("casework", "Enrolment")
    pairs = Enrolment.objects.values_list("programme_id", "team_id").distinct()
    for programme_id, team_id in pairs:
        Programme.objects.get(pk=programme_id).teams.add(team_id)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_api_tokens'),
        ('casework', '0005_participant_record_key'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicaltransfer',
            name='decision_reason',
            field=privacy.fields.EncryptedField(blank=True, editable=False, null=True, verbose_name='reden van het besluit'),
        ),
        migrations.AddField(
            model_name='programme',
            name='teams',
            field=models.ManyToManyField(blank=True, related_name='programmes', to='accounts.team', verbose_name='teams die het programma uitvoeren'),
        ),
        migrations.AddField(
            model_name='transfer',
            name='decision_reason',
            field=privacy.fields.EncryptedField(blank=True, editable=False, null=True, verbose_name='reden van het besluit'),
        ),
        migrations.RunPython(teams_from_enrolments, migrations.RunPython.noop),
    ]
