"""A partner dataset with a category registered as a measure, for the tests that walk every URL
(tests/test_url_sweep.py, tests/test_forms.py, tests/test_access_matrix.py; ADR 71)."""

from eunomia.evidence import actions
from eunomia.figures.models import Counts

FIRES = b"period,area_code,category,count\n2025-01,E07000115,Deliberate fires,3\n2025-02,E07000115,Deliberate fires,4\n"

# Bad input to the partner data forms: (path under /p/testvale/evidence/, posted, field id, message).
BAD_FORMS = [
    ("partner-data/{partner_dataset}/measures/new/",
     {"category": "Arson", "title": "Fires", "definition": "Fires", "counts": "events"}, "id_category",
     "Choose one of the dataset's categories"),
    ("partner-data/{partner_dataset}/measures/new/",
     {"category": "Deliberate fires", "title": "Fires", "definition": " ", "counts": "events"}, "id_definition",
     "Say exactly what is counted, in plain words"),
    ("partner-data/{partner_dataset}/measures/new/",
     {"category": "Deliberate fires", "title": "Fires", "definition": "Fires", "counts": "events",
      "harm_weight": "-2"}, "id_harm_weight", "The weight cannot be negative"),
    ("partner-measures/{partner_measure}/figure/", {"year": "2024", "area": "", "title": "Fires"}, "id_area",
     "Choose the area to count"),
]


def partner_measure_objects(by, partnership, organisation):
    """{"partner_dataset": pk, "partner_measure": pk}: the fire service's deliberate fires, imported and
    registered through the real actions."""
    dataset = actions.import_partner_dataset(by=by, partnership=partnership, organisation=organisation,
                                             name="Deliberate fires", data=FIRES, file_name="fires.csv").dataset
    registered = actions.register_partner_measure(
        by=by, dataset=dataset, category="Deliberate fires", title="Deliberate fires",
        definition="Fires started on purpose that the fire service attended.", counts=Counts.EVENTS)
    return {"partner_dataset": dataset.pk, "partner_measure": registered.pk}


def partner_measure_url_kwargs(objects):
    return {
        "evidence:partner_dataset": {"pk": objects["partner_dataset"]},
        "evidence:partner_measure_new": {"pk": objects["partner_dataset"]},
        "evidence:partner_measure_figure": {"pk": objects["partner_measure"]},
    }
