"""Catalogue data correction: base salaries of 2017 and 2018, Giấy khen of a commune chairman
under Decree 91; Kỷ niệm chương has no fixed coefficient (only a ceiling), so its rows go."""

from django.db import migrations


def reload(apps, schema_editor):
    from tdkt.catalog.loader import load_catalog

    load_catalog(apps)
    apps.get_model("catalog", "BonusCoefficient").objects.filter(honour_id="KNC").delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_load_catalog")]
    operations = [migrations.RunPython(reload, migrations.RunPython.noop)]
