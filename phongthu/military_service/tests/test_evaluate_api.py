"""POST /api/v1/military-service/evaluate — the HTTP contract of codes.md §1."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

URL = "/api/v1/military-service/evaluate"

EXAMPLE: dict[str, Any] = {
    "as_of": "2026-01-15",
    "person": {
        "date_of_birth": "2006-09-10",
        "sex": "male",
        "volunteer": False,
        "legal_status": None,
        "registration_exempt_disease": False,
        "education_grade": 12,
        "studying": "general",
        "higher_education_completed": None,
        "standing_militia": False,
        "health": {"class": 2, "bmi": 21.5, "myopia_diopters": 0.0, "hyperopia": False, "drug_addiction": False},
        "grounds": [],
    },
}
VIETNAMESE = re.compile(r"[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]", re.IGNORECASE)


@pytest.fixture
def client(django_user_model: Any) -> APIClient:
    user = django_user_model.objects.create_user(username="can-bo-xa", password="Mat-khau-2025")
    api = APIClient()
    api.force_authenticate(user=user)
    return api


REMOVE = object()


def body_with(path: str, value: Any) -> dict[str, Any]:
    """EXAMPLE with the value at a dotted path replaced (or removed if value is REMOVE)."""
    body = copy.deepcopy(EXAMPLE)
    *parents, leaf = path.split(".")
    node = body
    for key in parents:
        node = node[key]
    if value is REMOVE:
        del node[leaf]
    else:
        node[leaf] = value
    return body


@pytest.mark.django_db
def test_codes_md_example(client: APIClient) -> None:
    response = client.post(URL, EXAMPLE, format="json")
    assert response.status_code == 200
    assert response.json() == {
        "status": "DEFERRED",
        "age": 19,
        "age_limit": 25,
        "rule_set": "NVQS-2025-07-01",
        "reasons": [
            {
                "code": "TH_G",
                "citation": "Điểm g khoản 1 Điều 41 Luật Nghĩa vụ quân sự 2015",
                "text": "Đang học tại cơ sở giáo dục phổ thông",
            }
        ],
    }


@pytest.mark.django_db
def test_only_required_fields(client: APIClient) -> None:
    body = {"as_of": "2026-01-15", "person": {"date_of_birth": "2006-09-10", "sex": "male"}}
    response = client.post(URL, body, format="json")
    assert response.status_code == 200
    data = response.json()
    assert (data["status"], data["age"], data["age_limit"]) == ("NEEDS_EXAM", 19, 25)
    assert [r["code"] for r in data["reasons"]] == ["NO_HEALTH_EXAM"]


@pytest.mark.django_db
def test_nulls_mean_defaults(client: APIClient) -> None:
    person = {
        "date_of_birth": "2006-09-10",
        "sex": "male",
        "volunteer": None,
        "education_grade": None,
        "standing_militia": None,
        "health": {"class": 1, "bmi": None, "myopia_diopters": None, "hyperopia": None, "drug_addiction": None},
        "grounds": None,
    }
    response = client.post(URL, {"as_of": "2026-01-15", "person": person}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "ELIGIBLE"
    assert response.json()["reasons"] == []


@pytest.mark.django_db
def test_waived_flag_only_on_waived_reasons(client: APIClient) -> None:
    body = body_with("person.volunteer", True)
    body["person"]["grounds"] = ["MI_A"]
    body["person"]["health"]["myopia_diopters"] = 2.0
    data = client.post(URL, body, format="json").json()
    assert data["status"] == "NOT_QUALIFIED"
    assert data["reasons"][0] == {
        "code": "MYOPIA",
        "citation": data["reasons"][0]["citation"],
        "text": data["reasons"][0]["text"],
    }
    assert [(r["code"], r.get("waived")) for r in data["reasons"]] == [
        ("MYOPIA", None),
        ("MI_A", True),
        ("TH_G", True),
    ]
    assert all(r["citation"] and r["text"] for r in data["reasons"])


@pytest.mark.django_db
def test_earlier_rule_set_before_july_2025(client: APIClient) -> None:
    data = client.post(URL, body_with("as_of", "2025-06-30"), format="json").json()
    assert data["rule_set"] == "NVQS-2015-pre-2025-07-01"
    assert client.post(URL, body_with("as_of", "2025-07-01"), format="json").json()["rule_set"] == "NVQS-2025-07-01"


@pytest.mark.django_db
def test_extended_window_reported(client: APIClient) -> None:
    body = body_with("person.studying", "university_regular")
    body["person"]["date_of_birth"] = "1999-01-01"
    data = client.post(URL, body, format="json").json()
    assert (data["status"], data["age"], data["age_limit"]) == ("DEFERRED", 27, 27)


BAD_CASES = [
    # (path, value, field named in the response, words the message contains)
    ("as_of", "2026-1-15", "as_of", "YYYY-MM-DD"),
    ("as_of", "15/01/2026", "as_of", "YYYY-MM-DD"),
    ("as_of", "2026-01-15T00:00:00", "as_of", "YYYY-MM-DD"),
    ("as_of", 20260115, "as_of", "YYYY-MM-DD"),
    ("as_of", "2026-02-30", "as_of", "không tồn tại"),
    ("as_of", "2025-13-01", "as_of", "không tồn tại"),
    ("as_of", None, "as_of", "null"),
    ("as_of", REMOVE, "as_of", "bắt buộc"),
    ("person", REMOVE, "person", "bắt buộc"),
    ("person", [], "person", "đối tượng JSON"),
    ("person.date_of_birth", "2006-9-10", "person.date_of_birth", "YYYY-MM-DD"),
    ("person.date_of_birth", "2005-02-29", "person.date_of_birth", "không tồn tại"),
    ("person.date_of_birth", "2026-01-16", "person.date_of_birth", "sau ngày xét"),
    ("person.date_of_birth", REMOVE, "person.date_of_birth", "bắt buộc"),
    ("person.sex", "M", "person.sex", "không hợp lệ"),
    ("person.sex", REMOVE, "person.sex", "bắt buộc"),
    ("person.legal_status", "jailed", "person.legal_status", "không hợp lệ"),
    ("person.studying", "phd", "person.studying", "không hợp lệ"),
    ("person.higher_education_completed", "general", "person.higher_education_completed", "không hợp lệ"),
    ("person.grounds", ["TH_X"], "person.grounds.0", "không hợp lệ"),
    ("person.grounds", ["TH_B", "TH_G"], "person.grounds.1", "suy ra"),
    ("person.grounds", ["TH_A"], "person.grounds.0", "suy ra"),
    ("person.grounds", ["TH_H"], "person.grounds.0", "suy ra"),
    ("person.grounds", "TH_B", "person.grounds", "mảng"),
    ("person.education_grade", 13, "person.education_grade", "từ 0 đến 12"),
    ("person.education_grade", -1, "person.education_grade", "từ 0 đến 12"),
    ("person.education_grade", "12", "person.education_grade", "số nguyên"),
    ("person.education_grade", 8.5, "person.education_grade", "số nguyên"),
    ("person.health.class", 0, "person.health.class", "từ 1 đến 6"),
    ("person.health.class", 7, "person.health.class", "từ 1 đến 6"),
    ("person.health.class", REMOVE, "person.health.class", "bắt buộc"),
    ("person.health.bmi", -0.1, "person.health.bmi", "số âm"),
    ("person.health.bmi", "21.5", "person.health.bmi", "một số"),
    ("person.health.myopia_diopters", -0.5, "person.health.myopia_diopters", "số âm"),
    ("person.volunteer", "true", "person.volunteer", "true hoặc false"),
    ("person.volunteer", 1, "person.volunteer", "true hoặc false"),
    ("person.registration_exempt_disease", "false", "person.registration_exempt_disease", "true hoặc false"),
    ("person.standing_militia", 0, "person.standing_militia", "true hoặc false"),
    ("person.health.hyperopia", "no", "person.health.hyperopia", "true hoặc false"),
    ("person.health.drug_addiction", [], "person.health.drug_addiction", "true hoặc false"),
    ("person.health", "class 2", "person.health", "đối tượng JSON"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "value", "field", "words"), BAD_CASES)
def test_bad_field_is_named_with_a_vietnamese_message(
    client: APIClient, path: str, value: Any, field: str, words: str
) -> None:
    response = client.post(URL, body_with(path, value), format="json")
    assert response.status_code == 400
    errors = response.json()
    assert list(errors) == [field], errors
    (message,) = errors[field]
    assert words in message
    assert VIETNAMESE.search(message), message


@pytest.mark.django_db
def test_every_bad_field_is_named_at_once(client: APIClient) -> None:
    body = {
        "as_of": "2026/01/15",
        "person": {
            "date_of_birth": "2006-02-29",
            "sex": "nam",
            "education_grade": 20,
            "health": {"class": 9, "bmi": -3},
            "grounds": ["MI_A", "TH_G"],
        },
    }
    response = client.post(URL, body, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {
        "as_of",
        "person.date_of_birth",
        "person.sex",
        "person.education_grade",
        "person.health.class",
        "person.health.bmi",
        "person.grounds.1",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("raw", ["{not json", "[]", '"text"', "null", "42"])
def test_body_that_is_not_an_object(client: APIClient, raw: str) -> None:
    response = client.post(URL, raw, content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()) == ["body"]
    assert VIETNAMESE.search(response.json()["body"][0])


@pytest.mark.django_db
def test_anonymous_is_refused() -> None:
    response = APIClient().post(URL, EXAMPLE, format="json")
    assert response.status_code in (401, 403)


@pytest.mark.django_db
def test_only_post(client: APIClient) -> None:
    assert client.get(URL).status_code == 405


def test_openapi_schema_describes_the_endpoint() -> None:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)  # type: ignore[no-untyped-call]
    operation = schema["paths"][URL]["post"]
    assert "200" in operation["responses"] and "400" in operation["responses"]
    request_ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    components = schema["components"]["schemas"]
    request_schema = components[request_ref.rsplit("/", 1)[-1]]
    assert set(request_schema["required"]) == {"as_of", "person"}
    person_ref = request_schema["properties"]["person"]["$ref"]
    person_schema = components[person_ref.rsplit("/", 1)[-1]]
    health = person_schema["properties"]["health"]
    health_ref = health.get("$ref") or next(
        s["$ref"] for s in health.get("allOf", health.get("oneOf", [])) if "$ref" in s
    )
    assert "class" in components[health_ref.rsplit("/", 1)[-1]]["properties"]


# --- fuzzing: any body gets 200 or 400, never 500 -------------------------------------------

json_leaf = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.dates().map(str)
    | st.sampled_from(["2026-02-29", "0000-01-01", "9999-12-31", "male", "female", "general", "TH_B", "MI_A", "TH_G"])
)
json_any = st.recursive(
    json_leaf,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)


def maybe(valid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A valid value nine times in ten, otherwise any JSON at all."""
    return st.integers(0, 9).flatmap(lambda roll: json_any if roll == 0 else valid)


def valid_only(valid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return valid


def request_bodies(wrap: Callable[[st.SearchStrategy[Any]], st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    """Contract-shaped bodies whose every value goes through `wrap` (valid_only or maybe)."""
    health = st.fixed_dictionaries(
        {"class": wrap(st.integers(1, 6))},
        optional={
            "bmi": wrap(st.floats(0, 45, allow_nan=False)),
            "myopia_diopters": wrap(st.floats(0, 8, allow_nan=False)),
            "hyperopia": wrap(st.none() | st.booleans()),
            "drug_addiction": wrap(st.none() | st.booleans()),
        },
    )
    person = st.fixed_dictionaries(
        {
            "date_of_birth": wrap(st.dates(dt.date(1960, 1, 1), dt.date(2015, 12, 31)).map(str)),
            "sex": wrap(st.sampled_from(["male", "female"])),
        },
        optional={
            "volunteer": wrap(st.booleans()),
            "legal_status": wrap(st.sampled_from([None, None, None, "prosecuted", "reformatory", "stripped_of_right"])),
            "registration_exempt_disease": wrap(st.booleans()),
            "education_grade": wrap(st.none() | st.integers(0, 12)),
            "studying": wrap(st.sampled_from([None, "general", "college_regular", "university_regular", "other"])),
            "higher_education_completed": wrap(st.sampled_from([None, "college_regular", "university_regular"])),
            "standing_militia": wrap(st.booleans()),
            "health": wrap(st.none() | health),
            "grounds": wrap(st.lists(st.sampled_from(["TH_B", "TH_C", "TH_DD", "MI_A", "MI_DD"]), max_size=3)),
        },
    )
    as_of = st.dates(dt.date(2016, 1, 1), dt.date(2035, 12, 31)).map(str)
    return st.fixed_dictionaries({"as_of": wrap(as_of), "person": wrap(person)})


fuzzed_bodies = st.one_of(
    request_bodies(maybe),
    request_bodies(maybe),
    request_bodies(maybe),
    st.fixed_dictionaries({}, optional={"as_of": json_any, "person": json_any}),
    json_any,
)


@pytest.mark.django_db
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=fuzzed_bodies)
def test_fuzzed_bodies_get_200_or_400(client: APIClient, body: Any) -> None:
    response = client.post(URL, json.dumps(body), content_type="application/json")
    assert response.status_code in (200, 400), (body, response.content)
    event(f"HTTP {response.status_code}")
    data = response.json()
    if response.status_code == 200:
        assert data["status"] in {
            "NOT_SUBJECT",
            "NOT_REGISTRABLE",
            "EXEMPT_REGISTRATION",
            "NOT_OF_AGE",
            "OVER_AGE",
            "DEFERRED",
            "EXEMPTED",
            "NOT_QUALIFIED",
            "NEEDS_EXAM",
            "ELIGIBLE",
        }
        assert data["reasons"] or data["status"] == "ELIGIBLE"
    else:
        assert data and all(isinstance(m, str) and m for ms in data.values() for m in ms)


@pytest.mark.django_db
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=request_bodies(valid_only))
def test_every_valid_body_gets_200(client: APIClient, body: dict[str, Any]) -> None:
    response = client.post(URL, body, format="json")
    if body["person"]["date_of_birth"] > body["as_of"]:
        assert response.status_code == 400
        assert list(response.json()) == ["person.date_of_birth"]
    else:
        assert response.status_code == 200, response.content
        assert response.json()["rule_set"] in {"NVQS-2015-pre-2025-07-01", "NVQS-2025-07-01"}
