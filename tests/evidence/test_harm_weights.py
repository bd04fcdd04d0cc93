"""Harm weights: the real CCHI file imported and checked against the subgroup file it was
averaged from; anti-social behaviour is not weighted (never 0); one active set; audited edits."""

import csv
import decimal
from collections import defaultdict
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from eunomia.audit.models import AuditEvent
from eunomia.crime.models import CrimeType
from eunomia.evidence import actions
from eunomia.evidence.models import HarmWeight, HarmWeightSet
from eunomia.evidence.queries import harm_weights
from tests.evidence.conftest import csv_bytes

SHARED = Path(settings.BASE_DIR).parent / "shared" / "data"
CCHI = SHARED / "cbl-realcrime" / "data"


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/data is not beside the checkout")
def test_the_real_cchi_file_imports_and_agrees_with_the_subgroup_weights(partnership, capsys):
    call_command("import_harm_weights", str(CCHI / "cchi_weights_by_category.csv"), partnership="testvale")
    assert "13 crime types weighted" in capsys.readouterr().out

    # Independently: the volume-weighted average of the subgroup weights, per police.uk category.
    sums = defaultdict(lambda: [0.0, 0])
    with (CCHI / "cchi_weights.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            volume = int(row["national_count_2024_25"])
            sums[row["category"]][0] += float(row["cchi_days"]) * volume
            sums[row["category"]][1] += volume
    expected = {name: round(total / volume, 2) for name, (total, volume) in sums.items()}

    weights = harm_weights(partnership)
    names = dict(CrimeType.objects.values_list("id", "name"))
    got = {names[pk]: w for pk, w in weights.weights.items() if w is not None}
    assert got == pytest.approx(expected) and len(got) == 13
    asb = CrimeType.objects.get(is_asb=True)
    assert weights.weights[asb.pk] is None, "ASB is not weighted, which is not 0"
    assert "Cambridge Crime Harm Index" in weights.source and "No licence file" in weights.licence
    assert weights.weight_set.file_name == "cchi_weights_by_category.csv"


def test_importing_again_makes_the_new_set_the_only_active_one(partnership):
    first = actions.import_harm_weights(by=None, partnership=partnership, file_name="a.csv",
                                        data=csv_bytes("crime_type,cchi_days", "Burglary,244.68"))
    second = actions.import_harm_weights(by=None, partnership=partnership, file_name="b.csv", name="Local",
                                         data=csv_bytes("Crime_Type,CCHI_days", "burglary,100", "Drugs,3.66"))
    assert second.replaced_set == first.weight_set
    assert list(HarmWeightSet.objects.filter(is_active=True)) == [second.weight_set]
    weights = harm_weights(partnership)
    assert weights.name == "Local" and weights.weights[CrimeType.objects.get(name="Burglary").pk] == 100.0


def test_unknown_crime_types_and_bad_weights_are_refused_with_line_numbers(partnership):
    data = csv_bytes("crime_type,cchi_days", "Burglary,244.68", "Homicide,5475", "Drugs,-1", "Robbery,lots",
                     "burglary,2")
    with pytest.raises(ValidationError) as caught:
        actions.import_harm_weights(by=None, partnership=partnership, data=data, file_name="w.csv")
    messages = caught.value.message_dict["file"]
    assert messages[:4] == [
        "'Homicide' on line 3 is not a police.uk crime type Eunomia knows.",
        "The weight on line 4 is -1: a weight cannot be negative.",
        "The weight on line 5 is 'lots', which is not a number. Leave out a crime type that is not weighted.",
        "Line 6 gives Burglary again (first on line 2).",
    ]
    assert messages[4].startswith("The crime types are: Anti-social behaviour")
    assert not HarmWeightSet.objects.exists()


def test_the_command_reports_a_refused_file(partnership, tmp_path):
    path = tmp_path / "w.csv"
    path.write_bytes(csv_bytes("category,prc_subgroup,cchi_days", "Burglary,Residential burglary,273.5"))
    with pytest.raises(CommandError, match="w.csv: The file has no 'crime_type' column"):
        call_command("import_harm_weights", str(path), partnership="testvale")


def test_changing_a_weight_is_audited_with_the_reason(partnership, analyst):
    weight_set = actions.import_harm_weights(by=None, partnership=partnership, file_name="a.csv",
                                             data=csv_bytes("crime_type,cchi_days", "Burglary,244.68")).weight_set
    burglary, asb = CrimeType.objects.get(name="Burglary"), CrimeType.objects.get(is_asb=True)
    actions.update_harm_weight(by=analyst, weight_set=weight_set, crime_type=burglary,
                               weight=decimal.Decimal("250"), reason="Local sentencing review")
    event = AuditEvent.objects.get(action="evidence.harm_weight_changed")
    assert event.reason == "Local sentencing review"
    assert event.data["before"]["weight"] == "244.6800" and event.data["after"]["weight"] == "250"
    actions.update_harm_weight(by=analyst, weight_set=weight_set, crime_type=burglary, weight=None, reason="Unsure")
    assert not HarmWeight.objects.filter(crime_type=burglary).exists()
    assert harm_weights(partnership).weights[burglary.pk] is None
    with pytest.raises(ValidationError):
        actions.update_harm_weight(by=analyst, weight_set=weight_set, crime_type=asb, weight=1, reason=" ")
    weight_set.refresh_from_db()
    assert weight_set.edited_by == analyst
