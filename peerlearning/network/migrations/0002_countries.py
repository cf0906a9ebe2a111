from django.db import migrations


def load_countries(apps, schema_editor):
    import pycountry

    from peerlearning.network.geography import placements

    Country = apps.get_model("network", "Country")
    known = placements()
    rows = []
    for country in pycountry.countries:
        placement = known.get(country.alpha_2)
        rows.append(
            Country(
                code=country.alpha_2,
                m49_region=placement.m49_region if placement else "",
                m49_subregion=placement.m49_subregion if placement else "",
                m49_intermediate_region=placement.m49_intermediate_region if placement else "",
                programme_region=placement.programme_region if placement else "",
            )
        )
    # Into the database being migrated (the tests also call this without one: the default).
    using = schema_editor.connection.alias if schema_editor else "default"
    Country.objects.using(using).bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]

    operations = [migrations.RunPython(load_countries, migrations.RunPython.noop)]
