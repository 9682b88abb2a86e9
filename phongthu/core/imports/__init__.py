"""The import pipeline, one path: the job wizard (`phongthu.jobs`) uploads a CSV/XLSX, maps
its columns, runs a dry run as a job ("Dòng N, cột C: …" for every refused cell), then commits
all rows or only the valid ones as a second job, audited with the job id.

Modules, by responsibility:
- `results`: `ImportFileError`, `CellError`, `RowError`, `ImportResult` and the limits;
- `cells`: cell text, dates (dd/mm/yyyy, ISO, Excel serials), yes/no;
- `readers`: `open_table` (CSV/XLSX, header detection, malformed-file checks);
- `specs`: `ImportSpec`, `FormImportSpec` (any CrudConfig), the spec registry, `execute_import`;
- `templates`: the sample XLSX for a spec;
- `runner`: the "import" job runner used by the wizard.
Fast specs (COPY / bulk_create) live in `core.bulk` and build on these names.
"""

from phongthu.core.imports.cells import cell_text, parse_bool, parse_date
from phongthu.core.imports.readers import TableReader, open_table
from phongthu.core.imports.results import (
    MAX_FAST_ROWS,
    MAX_ROWS,
    CellError,
    ImportFileError,
    ImportResult,
    RowError,
)
from phongthu.core.imports.specs import (
    Column,
    FormImportSpec,
    ImportContext,
    ImportSpec,
    execute_import,
    missing_columns_error,
    register_import_spec,
    spec_for,
)
from phongthu.core.imports.templates import errors_workbook, template_workbook

__all__ = [
    "MAX_FAST_ROWS",
    "MAX_ROWS",
    "CellError",
    "Column",
    "FormImportSpec",
    "ImportContext",
    "ImportFileError",
    "ImportResult",
    "ImportSpec",
    "RowError",
    "TableReader",
    "cell_text",
    "errors_workbook",
    "execute_import",
    "missing_columns_error",
    "open_table",
    "parse_bool",
    "parse_date",
    "register_import_spec",
    "spec_for",
    "template_workbook",
]
