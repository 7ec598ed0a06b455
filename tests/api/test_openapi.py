"""The served OpenAPI document's schemas: the report contract is exactly
docs/report.schema.json, and the Job schema describes the jobs the server
really sends (checked with a JSON Schema 2020-12 validator)."""
import json

from support.paths import REPO_ROOT


def component_validator(openapi_doc, name):
    """A validator for components.schemas.<name>; its "#/components/..." refs
    resolve inside the document, and the Report schema's own "#/$defs/..."
    refs inside the Report (it has its own $id)."""
    import jsonschema  # imported here so only these tests need it

    root = {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": f"#/components/schemas/{name}", "components": openapi_doc["components"]}
    jsonschema.Draft202012Validator.check_schema(root)
    return jsonschema.Draft202012Validator(root)


def test_report_schema_is_the_published_contract(openapi_doc):
    published = json.loads((REPO_ROOT / "docs" / "report.schema.json").read_text())
    assert openapi_doc["components"]["schemas"]["Report"] == published


def test_job_result_is_a_report_or_null(openapi_doc):
    result = openapi_doc["components"]["schemas"]["Job"]["properties"]["result"]
    assert result == {"oneOf": [{"$ref": "#/components/schemas/Report"}, {"type": "null"}]}


def test_served_jobs_match_the_job_schema(alice, openapi_doc, media):
    validator = component_validator(openapi_doc, "Job")
    created = alice.upload(media.h264_mp4().read_bytes())
    assert created.status == 202
    job = created.json()
    validator.validate(job)
    assert job["status"] == "PENDING" and job["result"] is None
    validator.validate(alice.post(f"/api/v1/jobs/{job['job_id']}/cancel").json())
    page_validator = component_validator(openapi_doc, "JobPage")
    page_validator.validate(alice.get("/api/v1/jobs").json())


def test_job_schema_refuses_what_the_server_never_sends(openapi_doc):
    validator = component_validator(openapi_doc, "Job")
    errors = list(validator.iter_errors({"job_id": "x", "status": "DONE"}))
    assert any(e.validator == "enum" and list(e.path) == ["status"] for e in errors)
    assert any(e.validator == "required" for e in errors)


def test_job_status_and_stage_enums_are_the_reports(openapi_doc):
    # Both come from the C++ enums; the report schema's copies are checked
    # against the same enums by tests/report/contract_test.cpp.
    schemas = openapi_doc["components"]["schemas"]
    defs = schemas["Report"]["$defs"]
    job = schemas["Job"]["properties"]
    assert job["status"]["enum"] == defs["JobStatus"]["enum"]
    assert job["progress"]["properties"]["stage"]["enum"] == defs["Stage"]["enum"]
