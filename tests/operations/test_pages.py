"""Every operations page opens through the real views for one who may record, and a record's form is
filled in from the record as it is."""

import pytest
from django.urls import reverse

from tests.operations.objects import URL_OBJECTS, operations_objects


@pytest.fixture
def made(partnership, council):
    return operations_objects(partnership, council)


def test_every_page_opens_for_a_recorder_and_each_form_is_filled_in_from_its_record(made, client_for, csu):
    client = client_for(csu)
    for key, names in URL_OBJECTS.items():
        for name in names:
            response = client.get(reverse(f"operations:{name}", args=["testvale", made[key].pk]))
            assert response.status_code == 200, name
    for name in ("log", "premises_list", "premises_new", "test_purchase_new", "visit_new", "training_new",
                 "payback_new", "scheme_new", "enforcement_new", "campaign_new", "event_new"):
        assert client.get(reverse(f"operations:{name}", args=["testvale"])).status_code == 200, name
    edit = client.get(reverse("operations:training_edit", args=["testvale", made["training"].pk]))
    assert edit.context["form"].initial[f"attendees_{made['training'].attendance.get().organisation_id}"] == 4
