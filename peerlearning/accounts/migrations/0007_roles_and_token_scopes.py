from datetime import timedelta

from django.db import migrations, models
from django.utils import timezone


def editors_and_token_limits(apps, schema_editor):
    """Existing platform facilitators keep editing the knowledge base: they become editors too.
    Existing tokens keep the rights they had (read and write) but now expire, in 90 days."""
    User = apps.get_model("accounts", "User")
    ApiToken = apps.get_model("accounts", "ApiToken")
    using = schema_editor.connection.alias
    User.objects.using(using).filter(is_facilitator=True).update(is_editor=True)
    ApiToken.objects.using(using).update(
        scope="read-write", expires_at=timezone.now() + timedelta(days=90)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_field_labels"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="is_editor",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Reviews and publishes practices, resources, updates and lessons. "
                    "Requires two-factor sign-in."
                ),
                verbose_name="editor",
            ),
        ),
        migrations.AlterField(
            model_name="user",
            name="is_facilitator",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Platform facilitator (coordinator): builds the network and coordinates "
                    "support. Requires two-factor sign-in."
                ),
                verbose_name="facilitator",
            ),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[("read", "read only"), ("read-write", "read and write")],
                default="read",
                max_length=10,
                verbose_name="scope",
            ),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expires"),
        ),
        migrations.RunPython(editors_and_token_limits, migrations.RunPython.noop),
    ]
