import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("research", "0003_group_per_institution")]

    operations = [
        migrations.AlterField(
            model_name="study",
            name="group",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="studies",
                to="research.researchgroup",
                verbose_name="onderzoeksgroep",
            ),
        ),
    ]
