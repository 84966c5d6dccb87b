"""Every participant gets a permanent random record key for the cell key method
(privacy.cellkey). Adding the column gives existing rows one and the same default, so each
existing row's key is drawn again at random. The key is not in the participant's history (it
never changes), so a bulk update leaves no history behind."""

import secrets

from django.db import migrations, models

import privacy.cellkey


def draw_keys(apps, schema_editor):
    Participant = apps.get_model("casework", "Participant")
    batch = []
    for participant in Participant.objects.only("pk").iterator(chunk_size=2000):
        participant.record_key = secrets.randbelow(privacy.cellkey.KEY_RANGE)
        batch.append(participant)
        if len(batch) >= 2000:
            Participant.objects.bulk_update(batch, ["record_key"])
            batch = []
    if batch:
        Participant.objects.bulk_update(batch, ["record_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0004_outcome_measures"),
    ]

    operations = [
        migrations.AddField(
            model_name="participant",
            name="record_key",
            field=models.PositiveSmallIntegerField(
                default=privacy.cellkey.new_record_key, editable=False
            ),
        ),
        migrations.RunPython(draw_keys, migrations.RunPython.noop),
    ]
