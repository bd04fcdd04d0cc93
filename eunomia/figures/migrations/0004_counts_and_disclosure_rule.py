"""Each count says whether it counts people or events, and each partnership may set its disclosure
rule (ADR 65).

Figures already held: a calculated count takes what its measure declares; a count entered by hand
counts people, the safe side (its CSP manager can say it counts events on its definition page);
a sum or difference worked out from figures counts people if any of them does; anything that is
not a count, nothing."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from eunomia.figures.registry import MeasureError, get_measure


def _declared(measure):
    try:
        return get_measure(measure).counts
    except MeasureError:
        return ""


def say_what_each_count_counts(apps, schema_editor):
    Figure = apps.get_model("figures", "Figure")
    counts = {}
    derived = []
    for figure in Figure.objects.filter(unit="count").only("id", "partnership_id", "name", "kind", "measure",
                                                           "measure_params"):
        if figure.kind == "computed":
            counts[figure.pk] = _declared(figure.measure) or "people"
        elif figure.kind == "derived":
            derived.append(figure)
        else:
            counts[figure.pk] = "people"
    by_name = {(f.partnership_id, f.name): f.pk
               for f in Figure.objects.filter(unit="count").only("id", "partnership_id", "name")}
    # A sum of sums: go round until every input is known (inputs that are not counts count nothing).
    for _round in range(len(derived) + 1):
        for figure in derived:
            inputs = [by_name.get((figure.partnership_id, name)) for name in figure.measure_params.get("inputs", [])]
            said = [counts.get(pk, "") for pk in inputs if pk is not None]
            counts[figure.pk] = "people" if "people" in said or not said else "events"
    for pk, what in counts.items():
        Figure.objects.filter(pk=pk).update(counts=what)


class Migration(migrations.Migration):

    dependencies = [
        ('figures', '0003_derived_figures'),
        ('partners', '0005_organisation_registered_numbers'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='DisclosureRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('threshold', models.PositiveSmallIntegerField(default=5)),
                ('secondary', models.BooleanField(default=True)),
                ('partnership', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE,
                                                     related_name='disclosure_rule', to='partners.partnership')),
            ],
            options={
                'constraints': [models.CheckConstraint(condition=models.Q(('threshold__gte', 3), ('threshold__lte', 20)),
                                                       name='disclosure_threshold_in_range')],
            },
        ),
        migrations.AddField(
            model_name='figure',
            name='counts',
            field=models.CharField(blank=True, choices=[('people', 'People (victims, residents, households, families, young people)'), ('events', 'Events or things, not people (crimes, reports, sessions, referrals, premises)')], max_length=10),
        ),
        migrations.RunPython(say_what_each_count_counts, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='figure',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('counts__in', ['people', 'events']), ('unit', 'count')), models.Q(models.Q(('unit', 'count'), _negated=True), ('counts', '')), _connector='OR'), name='figure_counts_only_of_a_count'),
        ),
    ]
