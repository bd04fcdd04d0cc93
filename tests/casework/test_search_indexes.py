"""On PostgreSQL, searching people by part of a name is served by trigram indexes (migration 0004)."""

import pytest
from django.db import connection

from eunomia.casework import queries
from eunomia.casework.models import Person


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes are PostgreSQL's; SQLite scans")
def test_a_search_by_part_of_a_name_can_use_the_trigram_index(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'casework_person' AND indexname LIKE %s",
                       ["%_trgm"])
        assert {row[0] for row in cursor.fetchall()} == {"casework_person_first_name_trgm",
                                                          "casework_person_last_name_trgm"}
        cursor.execute("SET LOCAL enable_seqscan = off")  # an empty table: make the planner show it can
        plan = queries._people_named("mit").explain()
    assert "casework_person_last_name_trgm" in plan and "casework_person_first_name_trgm" in plan


def test_people_are_found_by_part_of_a_name(db, partnership, council, system_user):
    from eunomia.casework import actions
    smith = actions.add_person(by=system_user, partnership=partnership, organisation=council, first_name="Ann",
                               last_name="Goldsmith")
    actions.add_person(by=system_user, partnership=partnership, organisation=council, first_name="Bo", last_name="Jones")
    assert list(Person.objects.filter(pk__in=queries._people_named("SMIT"))) == [smith]
