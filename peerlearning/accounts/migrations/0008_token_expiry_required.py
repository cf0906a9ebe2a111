from django.db import migrations, models


class Migration(migrations.Migration):
    """Apart from 0007, whose data update PostgreSQL would not let alter the table in the same
    transaction."""

    dependencies = [
        ("accounts", "0007_roles_and_token_scopes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="expires"),
        ),
    ]
