"""The OpenAPI schema validates with drf-spectacular's --fail-on-warn, and schemathesis, sending
what the schema allows and what it does not to every operation through the WSGI application as a
CSP manager with a token, never gets a 5xx (issue 12, item 4; ADR 43).

Each operation is run against real records (the path's ids are those of the `world` of the domains'
API tests), so the generated bodies and queries reach the views' checks and the actions behind them,
not only the 404 of an unknown id; unknown ids are tried by the boundary test below."""

import json

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections
from django.core.wsgi import get_wsgi_application
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given, settings, strategies
from schemathesis import GenerationMode

from eunomia.accounts.tokens import create_token
from eunomia.jobs.models import Job
from tests.api.test_domains_api import world  # noqa: F401  (the fixture: one record of every kind)
from tests.domesticabuse.helpers import da_url_kwargs
from tests.projects.helpers import project_objects

# Examples per operation: enough for each kind of wrong value several times over, and the whole run
# (about 50 operations) well under a minute.
EXAMPLES = 20


def test_the_schema_validates_and_fails_on_any_warning(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    assert (tmp_path / "schema.yml").stat().st_size > 0


def _generated_schema():
    return json.loads(json.dumps(SchemaGenerator().get_schema(request=None, public=True), default=str))


@pytest.fixture
def real_ids(world, plans, system_user):  # noqa: F811
    """The value of each path parameter, for each operation's path."""
    w = world
    job = Job.objects.create(kind="fuzz", partnership=w["partnership"], created_by=system_user)
    da = da_url_kwargs(w["partnership"])
    projects = project_objects(system_user, w["partnership"], w["housing"], w["council"])
    by_path = {
        "/projects/{id}/": projects["project"], "/projects/funds/{id}/": projects["fund"],
        "/projects/returns/{id}/": projects["return"],
        "/tasking/tasks/{id}/": w["housing_task"].pk, "/tasking/meetings/{id}/": w["meeting"].pk,
        "/tasking/groups/{id}/": w["group"].pk, "/task-group/meetings/{id}/": w["tg_meeting"].pk,
        "/referrals/{id}/": w["referral"].pk, "/people/{id}/risk-assessments/": w["victim"].pk,
        "/case-reviews/{id}/": w["review"].pk, "/interventions/{id}/": w["warning"].pk,
        "/directory/contacts/{id}/": w["contact"].pk, "/tasking/items/{id}/": w["item"].pk,
        "/directory/organisations/{id}/": w["police"].pk, "/directory/working-groups/{id}/": w["group"].pk,
        "/directory/membership-spells/{id}/": w["police"].seats.get().pk,
        "/targets/{id}/": plans["referrals"].pk, "/jobs/{id}/": job.pk, "/reports/{id}/": w["report"].pk,
        "/cases/{id}/": w["case"].pk, "/people/{id}/": w["victim"].pk,
        "/domestic-abuse/people/{id}/": da["person"]["pk"], "/domestic-abuse/referrals/{id}/": da["referral"]["pk"],
        "/domestic-abuse/meetings/{id}/": da["meeting"]["pk"], "/tasking/actions/{id}/": plans["mediation"].pk,
        # Family Focus: no family or claim in this world, so its ids are not found (a 404, never a 5xx).
        "/families/{id}/": 1, "/family-claims/{id}/": 1,
    }
    fixed = {"slug": "testvale", "year": plans["previous"].start_year, "name": plans["referrals"].actual.name,
             "case_pk": w["case"].pk, "action_pk": w["tg_action"].pk, "kind": "victim",
             "letter": "warning_letter_1", "number": 1}

    def values(path, names):
        found = {}
        for name in names:
            if name in fixed:
                found[name] = fixed[name]
            elif name == "id":
                found[name] = next(pk for tail, pk in sorted(by_path.items(), key=lambda kv: -len(kv[0]))
                                   if tail in path)
        return found

    return values


@pytest.fixture
def manager_token(world):  # noqa: F811
    return create_token(by=world["manager"], name="Fuzzing", days=30)[1]


@pytest.fixture
def api_schema(world):  # noqa: F811
    loaded = schemathesis.openapi.from_dict(_generated_schema())
    loaded.app = get_wsgi_application()
    # Called straight through WSGI, Django closes the database connection after each request, which
    # on PostgreSQL would end the test's transaction; Django's test client stops it the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield loaded
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_no_operation_answers_a_server_error(api_schema, real_ids, manager_token):
    """Every operation, with values the schema allows (positive) and values it refuses (negative).
    Run as one test, operation by operation, rather than through schemathesis's pytest plugin, which
    does not yet work with pytest 9."""
    headers = {"Authorization": f"Token {manager_token}", "Host": "testserver"}
    problems, operations = [], 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        operations += 1
        names = [parameter.name for parameter in operation.path_parameters]
        fixed = real_ids(operation.path, names)
        cases = strategies.one_of(*(operation.as_strategy(generation_mode=mode, path_parameters=fixed)
                                    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)))

        @given(case=cases)
        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck), phases=[Phase.generate])
        def run(case):
            response = case.call(headers=headers)
            if response.status_code >= 500:
                problems.append(f"{case.method} {case.formatted_path} query={case.query} body={case.body!r}: "
                                f"{response.status_code} {response.text[:300]}")

        run()
    assert operations >= 50
    assert not problems, "\n".join(problems)
