"""Seed the reference list of organisations that can block a family."""

from django.db import migrations

ORGANISATIONS = [
    ("toeslagen", "Belastingdienst/Toeslagen", 10),
    ("belastingdienst", "Belastingdienst (inkomstenbelasting)", 15),
    ("uwv", "UWV", 20),
    ("cjib", "CJIB", 30),
    ("gemeente-participatiewet", "Gemeente Leeuwarden (Participatiewet)", 40),
    ("gemeente-wmo-jeugd", "Gemeente Leeuwarden (Wmo en Jeugdwet)", 45),
    ("zorgverzekeraar", "Zorgverzekeraar", 50),
    ("woningcorporatie", "Woningcorporatie", 60),
    ("jeugdzorg", "Jeugdzorg", 70),
    ("school", "School", 80),
    ("duo", "DUO", 85),
    ("energieleverancier", "Energieleverancier", 90),
    ("overig", "Overig", 999),
]


def seed(apps, schema_editor):
    SystemOrganisation = apps.get_model("gezinslab", "SystemOrganisation")
    for code, name, position in ORGANISATIONS:
        SystemOrganisation.objects.get_or_create(
            code=code, defaults={"name": name, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("gezinslab", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
