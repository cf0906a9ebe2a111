import uuid

from django.db import migrations, models


def give_invitations_a_uuid(apps, schema_editor):
    ExchangeInvitation = apps.get_model("exchanges", "ExchangeInvitation")
    for invitation in ExchangeInvitation.objects.filter(uuid__isnull=True):
        invitation.uuid = uuid.uuid4()
        invitation.save(update_fields=["uuid"])


class Migration(migrations.Migration):
    dependencies = [
        ("exchanges", "0006_joining_details"),
    ]

    operations = [
        migrations.AddField(
            model_name="exchangeinvitation",
            name="uuid",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(give_invitations_a_uuid, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="exchangeinvitation",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AddField(
            model_name="exchangeinvitation",
            name="sent_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="last sent"),
        ),
        migrations.AlterField(
            model_name="exchange",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "Draft"),
                    ("open", "Open for registration"),
                    ("closed", "Registration closed"),
                    ("held", "Held"),
                    ("reported", "Report published"),
                    ("archived", "Archived"),
                    ("cancelled", "Cancelled"),
                ],
                db_index=True,
                default="draft",
                max_length=20,
                verbose_name="status",
            ),
        ),
    ]
