"""The OpenAPI document gives each error code the status it is answered with: checked against every refusal the code
raises (`NotFound(..., code="x")` is a 404 whatever x is called), so a new code cannot be documented under the wrong
status."""
import ast
from pathlib import Path

from backend.core import errors
from miniprogram_api.openapi import error_statuses

ROOT = Path(__file__).resolve().parents[2]
STATUS_OF_CLASS = {name: cls.status for name, cls in vars(errors).items()
                   if isinstance(cls, type) and issubclass(cls, errors.DomainError)}


def raised_codes() -> dict[str, set[int]]:
    found: dict[str, set[int]] = {}
    for package in ("backend", "miniprogram_api", "handlers"):
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                        and node.func.id in STATUS_OF_CLASS):
                    continue
                named = [kw.value.value for kw in node.keywords
                         if kw.arg == "code" and isinstance(kw.value, ast.Constant)]
                code = named[0] if named else getattr(errors, node.func.id).code
                found.setdefault(code, set()).add(STATUS_OF_CLASS[node.func.id])
    return found


def test_every_raised_code_is_documented_under_the_status_it_is_answered_with():
    codes = raised_codes()
    assert len(codes) > 100  # the scan found the services' refusals
    wrong = {code: (sorted(statuses), error_statuses(code)) for code, statuses in codes.items()
             if not statuses <= set(error_statuses(code))}
    assert wrong == {}
