"""The route list the API tests walk, read from the served OpenAPI document,
which the server builds from its route table (src/api/route_table.cpp): a
route added there is covered here without a second list to keep in step."""
from dataclasses import dataclass

import pytest


@dataclass(frozen=True)
class Operation:
    method: str  # "GET", "POST"
    path: str  # the pattern, "/api/v1/jobs/{id}"
    spec: dict  # the OpenAPI operation object

    @property
    def needs_key(self) -> bool:
        return "security" in self.spec

    @property
    def admin_only(self) -> bool:
        return "403" in self.spec["responses"]

    @property
    def takes_json(self) -> bool:
        return "application/json" in self.spec.get("requestBody", {}).get("content", {})

    def concrete_path(self) -> str:
        """The pattern with its parameters filled in (ids that name nothing)."""
        return self.path.replace("{id}", "nonexistent-id").replace("{name}", "track-0.jpg")

    def call(self, client):
        """Requests the route with a body it accepts (an empty JSON object for
        JSON routes), so what comes back is the route's own answer."""
        if self.takes_json:
            return client.request(self.method, self.concrete_path(), body=b"{}",
                                  headers={"Content-Type": "application/json"})
        return client.request(self.method, self.concrete_path())


@pytest.fixture
def openapi_doc(api):
    res = api.client().get("/api/v1/openapi.json")
    assert res.status == 200
    return res.json()


@pytest.fixture
def documented_operations(openapi_doc):
    ops = [Operation(method.upper(), path, spec)
           for path, methods in openapi_doc["paths"].items() for method, spec in methods.items()]
    assert ops, "the OpenAPI document lists no routes"
    return ops
