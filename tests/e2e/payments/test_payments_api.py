"""POST/GET/list payments over HTTP on a real SQLite file: the seed's body, validation, paging."""

import pytest

from tests.e2e.payments.conftest import SEED

FIELDS = {
    "id",
    "status",
    "amount",
    "amount_minor",
    "currency",
    "gateway",
    "payment_system",
    "transaction_id",
    "gateway_data",
    "failure_code",
    "failure_reason",
    "next_action_url",
    "refunded",
    "refundable",
    "refunds",
    "attempts",
    "created_at",
    "updated_at",
}


async def test_the_seed_body_creates_a_succeeded_payment_that_can_be_read_back(api):
    """The seed's exact curl body answers 201 with the payment, and GET returns it."""
    response = await api.post("/api/v1/payments", json=SEED)
    assert response.status_code == 201
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert FIELDS <= body.keys()
    assert (body["status"], body["amount"], body["amount_minor"], body["gateway"]) == (
        "succeeded",
        "100.50",
        10050,
        "stripe",
    )
    assert (body["refunded"], body["refundable"]) == ("0.00", "100.50")
    read = await api.get(f"/api/v1/payments/{body['id']}")
    assert read.status_code == 200 and read.json()["transaction_id"] == body["transaction_id"]


async def test_amount_as_string_and_lowercase_currency_are_accepted(api):
    """ "100.50" as a string parses exactly like the number; currency codes are case-insensitive."""
    body = (await api.post("/api/v1/payments", json={**SEED, "amount": "100.50", "currency": "usd"})).json()
    assert (body["amount_minor"], body["currency"]) == (10050, "USD")


async def test_unknown_payment_is_404_problem(api):
    """Reading an unknown id is a problem+json 404."""
    response = await api.get("/api/v1/payments/pay_nothing")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ('{"user_id":"u","amount":0,"currency":"USD","payment_method":"stripe"}', "amount"),
        ('{"user_id":"u","amount":-1,"currency":"USD","payment_method":"stripe"}', "amount"),
        ('{"user_id":"u","amount":1e309,"currency":"USD","payment_method":"stripe"}', "amount"),
        ('{"user_id":"u","amount":"abc","currency":"USD","payment_method":"stripe"}', "amount"),
        ('{"user_id":"u","amount":1.005,"currency":"USD","payment_method":"stripe"}', "amount"),
        ('{"user_id":"u","amount":"NaN","currency":"USD","payment_method":"stripe"}', "amount"),
        ('{"user_id":"u","amount":true,"currency":"USD","payment_method":"stripe"}', "amount"),
        ('{"user_id":"u","currency":"USD","payment_method":"stripe"}', "amount"),
        ('{"user_id":"u","amount":10,"currency":"XYZ","payment_method":"stripe"}', "currency"),
        ('{"user_id":"","amount":10,"currency":"USD","payment_method":"stripe"}', "user_id"),
        (
            '{"user_id":"u","amount":10,"currency":"USD","payment_method":"stripe",'
            '"customer":{"email":"not-an-email"}}',
            "customer.email",
        ),
    ],
)
async def test_bad_input_is_422_naming_the_field(api, raw, field):
    """Every invalid amount, currency or field is a 422 problem that names it; nothing is stored."""
    response = await api.post("/api/v1/payments", content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 422, response.text
    assert response.json()["field"] == field
    assert (await api.get("/api/v1/payments")).json()["items"] == []


async def test_malformed_json_is_400(api):
    """A body that is not JSON is a 400 problem, not a 500."""
    response = await api.post("/api/v1/payments", content=b"{nope", headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and response.json()["code"] == "malformed_body"


async def test_unknown_gateway_is_422_listing_the_known_ones(api):
    """An unknown payment_method names the field and lists the five gateways."""
    problem = (await api.post("/api/v1/payments", json={**SEED, "payment_method": "visa"})).json()
    assert problem["status"] == 422 and problem["field"] == "payment_method"
    assert problem["known"] == ["stripe", "paypal", "razorpay", "bank_transfer", "digital_wallet"]


async def test_payment_system_picks_its_gateway_and_a_disagreeing_gateway_is_422(api):
    """payment_system india charges through razorpay; naming stripe with it is refused."""
    body = (
        await api.post(
            "/api/v1/payments", json={"user_id": "u", "amount": "10.00", "currency": "INR", "payment_system": "india"}
        )
    ).json()
    assert (body["gateway"], body["payment_system"]) == ("razorpay", "india")
    problem = (
        await api.post(
            "/api/v1/payments",
            json={"user_id": "u", "amount": "10.00", "currency": "INR", "payment_system": "india", "gateway": "stripe"},
        )
    ).json()
    assert problem["status"] == 422 and problem["field"] == "gateway"


async def test_listing_filters_and_pages_newest_first(api):
    """Filters combine; pages of `limit` follow next_cursor without gaps or repeats."""
    created = []
    for user, gateway in [("a", "stripe"), ("b", "paypal"), ("a", "paypal"), ("a", "stripe"), ("a", "razorpay")]:
        body = (
            await api.post(
                "/api/v1/payments", json={"user_id": user, "amount": "5.00", "currency": "USD", "gateway": gateway}
            )
        ).json()
        created.append(body["id"])
    seen, cursor = [], None
    while True:
        params = {"user_id": "a", "limit": 2, **({"cursor": cursor} if cursor else {})}
        page = (await api.get("/api/v1/payments", params=params)).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [created[i] for i in (4, 3, 2, 0)]
    both = (
        await api.get("/api/v1/payments", params={"user_id": "a", "gateway": "paypal", "status": "succeeded"})
    ).json()
    assert [item["id"] for item in both["items"]] == [created[2]]


@pytest.mark.parametrize(
    ("params", "field"), [({"limit": 101}, "limit"), ({"limit": 0}, "limit"), ({"status": "teapot"}, "status")]
)
async def test_bad_listing_parameters_are_422(api, params, field):
    """limit beyond 1..100 or an unknown status is a 422 naming the parameter."""
    response = await api.get("/api/v1/payments", params=params)
    assert response.status_code == 422 and response.json()["field"] == field
