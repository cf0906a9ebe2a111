"""Earlier versions queued e-mails with their rendered bodies — password-reset and invitation
links included — and the database task backend kept them for days. E-mail tasks now carry row
ids only; this forgets the stored bodies (the task no longer exists, so those still waiting
could not be sent either: let the worker drain the queue before upgrading)."""

from django.db import migrations

LEGACY_EMAIL_TASK = "peerlearning.lib.mail.send_email"


def forget_bodies(apps, schema_editor):
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    DBTaskResult.objects.filter(task_path=LEGACY_EMAIL_TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("support", "0003_field_labels"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(forget_bodies, migrations.RunPython.noop)]
