from __future__ import annotations

from typing import ClassVar

from phongthu.core.crud import CrudConfig, register
from phongthu.military_service.models import MilitaryServiceRegistration, RegistrationEvent, RegistrationGround


@register
class MilitaryServiceRegistrationCrud(CrudConfig):
    """Files are opened and moved by the registration services (REG_FIRST, moves, removal);
    the generic edit corrects the file's data. Import goes through the register importer."""

    model = MilitaryServiceRegistration
    fields: ClassVar[list[str]] = [
        "certificate_no", "register_book", "reserve_grade", "reserve_group", "military_speciality", "rank",
        "volunteer", "standing_militia", "health_class", "health_exam_date", "bmi", "myopia_diopters",
        "hyperopia", "drug_addiction",
        # What the GNN forms count (Biểu 01A, 06/GNN).
        "village", "illiterate", "residence_area", "affiliation", "affiliation_name", "registration_absence",
        "note",
    ]  # fmt: skip
    list_columns: ClassVar[list[str]] = [
        "person", "registering_unit", "status", "presence", "first_registration_date", "certificate_no", "health_class",
    ]  # fmt: skip
    export_fields: ClassVar[list[str] | None] = [
        "person", "registering_unit", "status", "presence", "pending_to_unit", "first_registration_date",
        *fields, "legal_status", "registration_exempt_disease", "removal_reason", "removal_date",
    ]  # fmt: skip
    filter_fields: ClassVar[list[str]] = ["status", "presence", "register_book"]
    search_fields: ClassVar[list[str]] = ["person__name_search", "person__id_number", "certificate_no"]
    default_ordering: ClassVar[list[str]] = ["person__name_sort", "person__date_of_birth", "pk"]
    allow_create = False
    allow_delete = False
    allow_import = False
    log_views = True
    detail_template = "military_service/registration_detail.html"
    year_lookup = "first_registration_date__year"


@register
class RegistrationGroundCrud(CrudConfig):
    model = RegistrationGround
    list_select_related: ClassVar[list[str]] = ["registration__person"]
    fields: ClassVar[list[str]] = [
        "registration",
        "code",
        "evidence",
        "valid_from",
        "valid_until",
        "decision_ref",
        "note",
    ]
    list_columns: ClassVar[list[str]] = ["registration", "code", "evidence", "valid_from", "valid_until"]
    filter_fields: ClassVar[list[str]] = ["code"]
    search_fields: ClassVar[list[str]] = ["registration__person__name_search", "registration__person__id_number"]
    default_ordering: ClassVar[list[str]] = ["registration__person__name_sort", "code", "pk"]
    log_views = True
    year_lookup = "valid_from__year"


@register
class RegistrationEventCrud(CrudConfig):
    """Events are written by the registration services; only the reference and note are
    corrected by hand."""

    model = RegistrationEvent
    list_select_related: ClassVar[list[str]] = ["registration__person"]
    fields: ClassVar[list[str]] = ["decision_ref", "note"]
    list_columns: ClassVar[list[str]] = [
        "event_date", "procedure", "registration", "unit", "from_unit", "to_unit", "deadline", "on_time",
    ]  # fmt: skip
    export_fields: ClassVar[list[str] | None] = [
        *list_columns, "channel", "reference_date", "destination", "expected_return", "decision_ref", "note",
    ]  # fmt: skip
    filter_fields: ClassVar[list[str]] = ["procedure", "channel", "on_time"]
    search_fields: ClassVar[list[str]] = ["registration__person__name_search", "registration__person__id_number"]
    default_ordering: ClassVar[list[str]] = ["-event_date", "-pk"]
    allow_create = False
    allow_delete = False
    allow_import = False
    log_views = True
    year_lookup = "event_date__year"
