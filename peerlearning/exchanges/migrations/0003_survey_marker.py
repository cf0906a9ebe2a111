"""Who answered a survey is kept as a keyed hash of the exchange and the person, not as the
person: the answers table and this one grow in step, so a person's id here would pair them."""

from django.db import migrations, models


def to_markers(apps, schema_editor):
    from peerlearning.exchanges.models import survey_marker

    SurveySubmission = apps.get_model("exchanges", "SurveySubmission")
    for submission in SurveySubmission.objects.all():
        submission.marker = survey_marker(submission.exchange_id, submission.person_id)
        submission.save(update_fields=["marker"])


class Migration(migrations.Migration):
    dependencies = [("exchanges", "0002_contributions_unordered")]

    operations = [
        migrations.RemoveConstraint(model_name="surveysubmission", name="one_answer_each"),
        migrations.AddField(
            model_name="surveysubmission",
            name="marker",
            field=models.CharField(max_length=64, default=""),
            preserve_default=False,
        ),
        migrations.RunPython(to_markers, migrations.RunPython.noop),
        migrations.RemoveField(model_name="surveysubmission", name="person"),
        migrations.AddConstraint(
            model_name="surveysubmission",
            constraint=models.UniqueConstraint(
                fields=("exchange", "marker"), name="one_answer_each"
            ),
        ),
    ]
