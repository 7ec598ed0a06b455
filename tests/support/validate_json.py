#!/usr/bin/env python3
"""Validates JSON documents against docs/report.schema.json (JSON Schema
2020-12, python3-jsonschema >= 4).

As a module (pytest): assert_valid_report(result), assert_valid_timeline(doc).
As a program (the GoogleTest suites call it):
    validate_json.py SCHEMA FILE [DEF]
checks FILE against SCHEMA, or against SCHEMA's $defs/DEF; exit 0 when valid,
1 with every error on stderr when not.
"""
import json
import sys
from pathlib import Path

from jsonschema import Draft202012Validator

REPORT_SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "report.schema.json"


def validator_for(schema: dict, definition: str | None = None) -> Draft202012Validator:
    """A validator for the schema itself, or for one of its $defs (whose
    references stay inside the same $defs)."""
    Draft202012Validator.check_schema(schema)
    if definition:
        schema = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": f"#/$defs/{definition}"}
    return Draft202012Validator(schema)


def errors_of(document, schema: dict, definition: str | None = None) -> list[str]:
    errors = sorted(validator_for(schema, definition).iter_errors(document), key=lambda e: list(e.absolute_path))
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in errors]


def _assert_valid(document, definition: str | None):
    schema = json.loads(REPORT_SCHEMA.read_text())
    errors = errors_of(document, schema, definition)
    assert not errors, f"{definition or 'Report'} does not match docs/report.schema.json:\n" + "\n".join(errors)


def assert_valid_report(result):
    """Every report a test sees must match the published contract."""
    _assert_valid(result, None)


def assert_valid_timeline(document):
    _assert_valid(document, "Timeline")


def main(argv: list[str]) -> int:
    if len(argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    schema = json.loads(Path(argv[1]).read_text())
    document = json.loads(Path(argv[2]).read_text())
    errors = errors_of(document, schema, argv[3] if len(argv) == 4 else None)
    for error in errors:
        print(error, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
