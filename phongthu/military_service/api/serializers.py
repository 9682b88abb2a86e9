"""Request and response serializers of POST /api/v1/military-service/evaluate (codes.md §1)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from ..eligibility import (
    Code,
    Evaluation,
    HealthFacts,
    HigherEducation,
    LegalStatus,
    PersonFacts,
    Sex,
    Status,
    Studying,
)
from ..eligibility.codes import ASSERTABLE_GROUNDS, DERIVED_GROUNDS
from .fields import (
    COMMON_MESSAGES,
    NonNegativeNumberField,
    StrictBooleanField,
    StrictChoiceField,
    StrictDateField,
    StrictIntegerField,
)

OBJECT_MESSAGES = {
    **COMMON_MESSAGES,
    "invalid": "Phải là một đối tượng JSON.",
}
_DERIVED_MESSAGES = {
    code.value: f"{code} được hệ thống tự suy ra từ dữ liệu, không được gửi trong grounds."
    for code in sorted(DERIVED_GROUNDS)
}


def _optional_bool() -> StrictBooleanField:
    # Omitted or null both mean "no" / "not checked" per the contract.
    return StrictBooleanField(required=False, allow_null=True)


def _optional_choice(choices: Any) -> StrictChoiceField:
    return StrictChoiceField([c.value for c in choices], required=False, allow_null=True)


class EvaluateHealthSerializer(serializers.Serializer[object]):
    default_error_messages = {**OBJECT_MESSAGES}

    health_class = StrictIntegerField(low=1, high=6)
    bmi = NonNegativeNumberField(required=False, allow_null=True)
    myopia_diopters = NonNegativeNumberField(required=False, allow_null=True)
    hyperopia = _optional_bool()
    drug_addiction = _optional_bool()

    def get_fields(self) -> dict[str, serializers.Field]:  # type: ignore[type-arg]  # the stubs' own signature, unparameterised
        # The wire name is "class", a Python keyword.
        fields = super().get_fields()
        fields["class"] = fields.pop("health_class")
        return fields


class GroundsField(serializers.ListField):
    default_error_messages = {
        **COMMON_MESSAGES,
        "not_a_list": 'Phải là một mảng mã căn cứ (ví dụ ["TH_B"]).',
    }


class EvaluatePersonSerializer(serializers.Serializer[object]):
    default_error_messages = {**OBJECT_MESSAGES}

    date_of_birth = StrictDateField()
    sex = StrictChoiceField([s.value for s in Sex])
    volunteer = _optional_bool()
    legal_status = _optional_choice(LegalStatus)
    registration_exempt_disease = _optional_bool()
    education_grade = StrictIntegerField(low=0, high=12, required=False, allow_null=True)
    studying = _optional_choice(Studying)
    higher_education_completed = _optional_choice(HigherEducation)
    standing_militia = _optional_bool()
    health = EvaluateHealthSerializer(required=False, allow_null=True)
    grounds = GroundsField(
        child=StrictChoiceField([c.value for c in ASSERTABLE_GROUNDS], rejected=_DERIVED_MESSAGES),
        required=False,
        allow_null=True,
    )


class EvaluateRequestSerializer(serializers.Serializer[object]):
    default_error_messages = {
        **OBJECT_MESSAGES,
        "invalid": "Nội dung yêu cầu phải là một đối tượng JSON.",
    }

    as_of = StrictDateField()
    person = EvaluatePersonSerializer()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["person"]["date_of_birth"] > attrs["as_of"]:
            raise serializers.ValidationError(
                {"person": {"date_of_birth": ["Ngày sinh không được sau ngày xét (as_of)."]}}
            )
        return attrs

    def person_facts(self) -> PersonFacts:
        """The validated `person` as engine input; call after is_valid()."""
        data = self.validated_data["person"]
        health = data.get("health")
        return PersonFacts(
            date_of_birth=data["date_of_birth"],
            sex=Sex(data["sex"]),
            volunteer=bool(data.get("volunteer")),
            legal_status=_enum(LegalStatus, data.get("legal_status")),
            registration_exempt_disease=bool(data.get("registration_exempt_disease")),
            education_grade=data.get("education_grade"),
            studying=_enum(Studying, data.get("studying")),
            higher_education_completed=_enum(HigherEducation, data.get("higher_education_completed")),
            standing_militia=bool(data.get("standing_militia")),
            health=None
            if health is None
            else HealthFacts(
                health_class=health["class"],
                bmi=health.get("bmi"),
                myopia_diopters=health.get("myopia_diopters"),
                hyperopia=health.get("hyperopia"),
                drug_addiction=health.get("drug_addiction"),
            ),
            grounds=tuple(Code(g) for g in data.get("grounds") or ()),
        )


def _enum(kind: Any, value: str | None) -> Any:
    return None if value is None else kind(value)


class ReasonSerializer(serializers.Serializer[object]):
    code = serializers.ChoiceField(choices=[c.value for c in Code])
    citation = serializers.CharField()
    text = serializers.CharField()
    waived = serializers.BooleanField(
        required=False, help_text="Chỉ có (và bằng true) khi căn cứ được miễn do tự nguyện."
    )


class EvaluationResponseSerializer(serializers.Serializer[object]):
    status = serializers.ChoiceField(choices=[s.value for s in Status])
    age = serializers.IntegerField()
    age_limit = serializers.IntegerField()
    rule_set = serializers.CharField()
    reasons = ReasonSerializer(many=True)


def evaluation_to_json(evaluation: Evaluation) -> dict[str, Any]:
    reasons = []
    for reason in evaluation.reasons:
        item: dict[str, Any] = {
            "code": reason.code.value,
            "citation": reason.citation,
            "text": reason.text,
        }
        if reason.waived:
            item["waived"] = True
        reasons.append(item)
    return {
        "status": evaluation.status.value,
        "age": evaluation.age,
        "age_limit": evaluation.age_limit,
        "rule_set": evaluation.rule_set,
        "reasons": reasons,
    }
