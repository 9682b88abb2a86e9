"""The Ministry's conscription forms (biểu mẫu GNN-2025, ../shared/domain/forms-gnn.md):
Biểu 01, 01A, 06, 17A and the lists 16A/16B/16C, generated live from the registry and the
campaign for any unit and call-up year, written by `core.xlsx.form_workbook`."""

from phongthu.campaigns.gnn.build import FORMS, FormRequest, build_form
from phongthu.campaigns.gnn.settings import FormSettings

__all__ = ["FORMS", "FormRequest", "FormSettings", "build_form"]
