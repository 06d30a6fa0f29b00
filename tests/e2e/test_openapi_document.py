"""The served OpenAPI document describes every body, answer and error a client can meet."""

from __future__ import annotations

from importlib.metadata import version

from openapi_spec_validator import validate

from domain.payment import PaymentStatus

PAYMENT_POSTS = {
    ("/api/v1/payments", "createPayment", "PaymentRequest", "PaymentView"),
    ("/api/v1/payments/{payment_id}/refund", "refundPayment", "RefundBody", "RefundResult"),
    ("/api/v1/payments/{payment_id}/confirm", "confirmPayment", "ConfirmBody", "PaymentView"),
}


async def _document(client) -> dict:
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    return response.json()


async def test_the_document_is_valid_openapi_with_the_package_version(client):
    """openapi-spec-validator accepts the document, and its version is the package's."""
    document = await _document(client)
    validate(document)
    assert document["info"]["version"] == version("factory-service")


async def test_payment_posts_have_a_typed_body_a_typed_answer_and_short_ids(client):
    """Create, refund and confirm each show their request schema, an example, and a typed success."""
    paths = (await _document(client))["paths"]
    for path, operation_id, body, answer in PAYMENT_POSTS:
        operation = paths[path]["post"]
        assert operation["operationId"] == operation_id
        media = operation["requestBody"]["content"]["application/json"]
        assert media["schema"] == {"$ref": f"#/components/schemas/{body}"}
        assert media["example"]
        success = "201" if operation_id in ("createPayment", "refundPayment") else "200"
        schema = operation["responses"][success]["content"]["application/json"]["schema"]
        assert schema == {"$ref": f"#/components/schemas/{answer}"}
        assert {"400", "413", "415", "422", "404" if "{" in path else "422"} <= set(operation["responses"])
    assert paths["/api/v1/payments"]["post"]["requestBody"]["required"] is True
    assert paths["/api/v1/payments/{payment_id}/refund"]["post"]["requestBody"]["required"] is False
    assert {"409", "502"} <= set(paths["/api/v1/payments"]["post"]["responses"])
    example = paths["/api/v1/payments"]["post"]["requestBody"]["content"]["application/json"]["example"]
    assert example == {"user_id": "user123", "amount": 100.50, "currency": "USD", "payment_method": "stripe"}


async def test_statuses_gateways_channels_and_modes_are_enums(client):
    """Every field that names a status, gateway, channel or mode lists its values."""
    schemas = (await _document(client))["components"]["schemas"]
    gateways = ["stripe", "paypal", "razorpay", "bank_transfer", "digital_wallet"]
    assert schemas["PaymentView"]["properties"]["status"]["enum"] == list(PaymentStatus)
    assert schemas["PaymentView"]["properties"]["gateway"]["enum"] == gateways
    assert schemas["RefundView"]["properties"]["status"]["enum"]
    assert schemas["NotificationView"]["properties"]["status"]["enum"]
    assert set(schemas["NotificationView"]["properties"]["channel"]["enum"]) == {
        "email",
        "sms",
        "push",
        "whatsapp",
        "slack",
    }
    assert schemas["MultiChannelResult"]["properties"]["mode"]["enum"] == ["all", "first_success"]
    base = schemas["PaymentRequest"]["allOf"][0]
    assert base["properties"]["gateway"]["anyOf"][0]["enum"] == gateways
    assert base["additionalProperties"] is False
    assert "USD" in str(schemas["PaymentRequest"]["allOf"][1])


async def test_every_documented_error_is_problem_json(client):
    """Each 4xx/5xx of each operation is application/problem+json with the Problem schema (but
    health's 503, which carries the health report itself)."""
    document = await _document(client)
    assert set(document["components"]["schemas"]["Problem"]["required"]) >= {"type", "status", "code", "detail"}
    checked = 0
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "delete", "patch"):
                continue
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")) and not path.startswith("/health"):
                    content = response.get("content", {})
                    assert list(content) == ["application/problem+json"], (method, path, status)
                    schema = content["application/problem+json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/Problem"}, (method, path, status)
                    checked += 1
    assert checked > 100
