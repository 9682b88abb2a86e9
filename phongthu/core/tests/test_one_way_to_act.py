"""One way to act (issue 7): every status change goes through `core.transitions.transition`,
which locks the row, checks the allowed-transition table, the reach and the authority, and
writes the StatusChange and audit rows. A status written any other way would skip all that.

The source (not tests, not migrations) is read with `ast` and must not contain:
- a write of a transition-governed field (`status`, and every `field=` a `transition()` call
  names, e.g. `presence`) through `.update(...)`, `set_fields(...)`, `audited_update(...)`,
  `update_or_create(defaults=...)`, `bulk_update(...)`, `save(update_fields=...)` or raw SQL
  `UPDATE ... SET status`, outside the files allowed below;
- a `transition(...)` call without an explicit `authority=` naming the authority-table row;
- an assignment `<x>.status = ...` (or `setattr(x, "status", ...)`), except the listed
  in-memory syncs of a caller's object right after `transition()` changed the locked row.
And every registered action names a defined authority code that has at least one rule, and
every authority code has at least one rule.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from phongthu.core import actions, authority

ROOT = Path(__file__).resolve().parents[2]  # the phongthu package
REPO = ROOT.parent

# Files allowed to write a governed field directly, with the reason.
WRITES_ALLOWED = {
    "phongthu/core/transitions.py": "the one mechanism itself",
    "phongthu/core/jobs.py": "Job.status is the job queue's own state (QUEUED → RUNNING → …), not a domain record",
    "phongthu/military_service/services/reevaluation.py": (
        "StoredEligibility.status is the eligibility engine's stored answer (a computed result, "
        "not a decision), written in bulk with its status history by core.audit.bulk_status_history"
    ),
    "phongthu/military_service/services/reevaluation_sql.py": (
        "the same stored answer written by PostgreSQL from its grouped re-evaluation, with its status "
        "history by core.audit.status_history_from_query"
    ),
}
# Assignments allowed, by file and source text, with the reason.
ASSIGNMENTS_ALLOWED = {
    (
        "phongthu/forces/services/reserves.py",
        "reservist.status = locked.status",
    ): "in-memory sync of the caller's object after _move() ran transition() on the locked row",
    (
        "phongthu/forces/services/reserves.py",
        "reservist.status = ReservistStatus.RELEASED_FROM_UNIT",
    ): "in-memory sync of the caller's object after _move(locked.reservist, ...) ran transition()",
}
# Helpers that write their keyword arguments to the database as they are.
WRITING_HELPERS = {"update", "set_fields", "audited_update"}
RAW_STATUS_UPDATE = r"\bUPDATE\b[^;]*\bSET\b[^;]*\b({fields})\b"


def _sources() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or "migrations" in parts:
            continue
        yield str(path.relative_to(REPO)), ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _strings(node: ast.AST | None) -> set[str]:
    """The string constants inside `node` (a list of field names, a dict's keys, ...)."""
    if node is None:
        return set()
    return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def governed_fields() -> set[str]:
    """`status`, and every field a transition() call moves (its `field=`)."""
    fields = {"status"}
    for _path, tree in _sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name(node.func) == "transition":
                for kw in node.keywords:
                    if kw.arg == "field" and isinstance(kw.value, ast.Constant):
                        fields.add(str(kw.value.value))
    return fields


def _written_fields(call: ast.Call) -> set[str]:
    name = _name(call.func)
    keywords = {kw.arg: kw.value for kw in call.keywords}
    if name in WRITING_HELPERS:
        written = {k for k in keywords if k is not None}
        # `.update(**{"status": ...})`: the dict's keys are written too.
        return written | {s for kw in call.keywords if kw.arg is None for s in _strings(kw.value)}
    if name == "update_or_create":
        return _strings(keywords.get("defaults"))
    if name == "bulk_update":
        return _strings(call.args[1] if len(call.args) > 1 else keywords.get("fields"))
    if name == "save":
        return _strings(keywords.get("update_fields"))
    return set()


def status_writes(fields: set[str]) -> list[str]:
    raw = re.compile(RAW_STATUS_UPDATE.format(fields="|".join(sorted(fields))), re.IGNORECASE | re.DOTALL)
    found = []
    for path, tree in _sources():
        if path in WRITES_ALLOWED:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and (written := _written_fields(node) & fields):
                found.append(f"{path}:{node.lineno}: {ast.unparse(node)[:120]} writes {sorted(written)}")
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and raw.search(node.value):
                found.append(f"{path}:{node.lineno}: raw SQL writes a status: {node.value[:120]!r}")
    return found


def transitions_without_authority() -> list[str]:
    found = []
    for path, tree in _sources():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and _name(node.func) == "transition"):
                continue
            given = {kw.arg: kw.value for kw in node.keywords}
            value = given.get("authority")
            if value is None or (isinstance(value, ast.Constant) and value.value is None):
                found.append(f"{path}:{node.lineno}: {ast.unparse(node)[:120]}")
    return found


def status_assignments(fields: set[str]) -> list[str]:
    found = []
    for path, tree in _sources():
        if path in WRITES_ALLOWED:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                hit = any(isinstance(t, ast.Attribute) and t.attr in fields for t in targets)
            elif isinstance(node, ast.Call) and _name(node.func) == "setattr" and len(node.args) >= 2:
                name = node.args[1]
                hit = isinstance(name, ast.Constant) and name.value in fields
            else:
                continue
            if hit and (path, ast.unparse(node)) not in ASSIGNMENTS_ALLOWED:
                found.append(f"{path}:{node.lineno}: {ast.unparse(node)[:120]}")
    return found


def test_the_scanner_knows_the_governed_fields() -> None:
    # `presence` (military service registrations) is moved by transition(field="presence").
    assert {"status", "presence"} <= governed_fields()


def test_no_status_is_written_outside_the_transition_service() -> None:
    found = status_writes(governed_fields())
    assert not found, "Status written outside core.transitions.transition (call transition() instead):\n" + "\n".join(
        found
    )


def test_every_transition_names_its_authority() -> None:
    found = transitions_without_authority()
    assert not found, "transition() without authority= (name the authority-table row):\n" + "\n".join(found)


def test_no_status_is_assigned_outside_the_transition_service() -> None:
    found = status_assignments(governed_fields())
    assert not found, (
        "A status assigned outside core.transitions (call transition(); an in-memory sync right after "
        "it goes in ASSIGNMENTS_ALLOWED with its reason):\n" + "\n".join(found)
    )


def test_allowed_assignments_still_exist() -> None:
    """An allow-list entry whose line is gone is dead weight that could excuse a new write."""
    present = {(path, ast.unparse(node)) for path, tree in _sources() for node in ast.walk(tree)}
    stale = [key for key in ASSIGNMENTS_ALLOWED if key not in present]
    assert not stale, f"Remove these from ASSIGNMENTS_ALLOWED: {stale}"


def test_every_action_names_an_authority_with_a_rule() -> None:
    defined = {c.code for c in authority.codes()}
    models = actions.models_with_actions()
    assert models, "no registered actions: the check would prove nothing"
    bad = [
        f"{model.__name__}.{action.name}: {action.authority!r}"
        for model in models
        for action in actions.for_model(model)
        if action.authority not in defined or not authority.rules(action.authority)
    ]
    assert not bad, f"Actions naming an undefined authority code or one without a rule: {bad}"


def test_every_authority_code_has_a_rule() -> None:
    codes = authority.codes()
    assert codes
    missing = [c.code for c in codes if not authority.rules(c.code)]
    assert not missing, f"Authority codes with no Rule (who performs them?): {missing}"
