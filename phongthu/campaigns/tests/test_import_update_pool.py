"""An import that updates a campaign candidate's record refreshes the pool's evaluation, as a
save from the form does (issue 12 item 4 with the refresh of item 2)."""

from __future__ import annotations

import datetime

import pytest

from phongthu.campaigns.models import Candidate
from phongthu.campaigns.services.pool import pool_add_commune
from phongthu.core.imports import ImportContext, execute_import, open_table
from phongthu.people.importers import PersonImportSpec

pytestmark = pytest.mark.django_db


def test_update_import_refreshes_the_candidates_evaluation(campaign, make_person, commune_a, user_a):
    person = make_person(commune_a, dob=datetime.date(2005, 6, 15))
    pool_add_commune(campaign=campaign, commune=commune_a, actor=user_a)
    c = Candidate.objects.get(campaign=campaign, person=person)
    assert "EDU_MIN" not in c.eligibility_codes
    data = f"Số CCCD,Trình độ văn hóa\n{person.id_number},6\n".encode()
    reader = open_table("f.csv", data, hints=PersonImportSpec.hints())
    mapping = PersonImportSpec.auto_map(reader.headers)
    ctx = ImportContext(user=user_a, commit=True, mode="update")
    result = execute_import(PersonImportSpec, reader, mapping, ctx)
    assert result.committed and result.updated == 1, result.errors
    c.refresh_from_db()
    assert c.eligibility_status == "NOT_QUALIFIED" and "EDU_MIN" in c.eligibility_codes and c.education_ok is False
