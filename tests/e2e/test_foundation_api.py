"""The foundation endpoints over HTTP: health, listings, factories, system info, errors."""

from application.system.health import Dependency
from tests.fakes.health import FailingCheck

GATEWAYS = ["stripe", "paypal", "razorpay", "bank_transfer", "digital_wallet"]
CHANNELS = ["email", "sms", "push", "whatsapp", "slack"]
DATABASES = ["mysql", "postgresql", "mongodb", "sqlite"]


async def test_health_is_ok_with_the_transactional_database_up(client):
    response = await client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["dependencies"][0]["name"] == "database:sqlite"
    assert body["dependencies"][0]["status"] == "up"


async def test_health_is_503_when_a_required_dependency_is_down(container, client):
    container.system.check_health.reset()
    from application.system.health import CheckHealth

    container.system.check_health.override(CheckHealth([Dependency("database:x", FailingCheck())]))
    response = await client.get("/health")
    assert response.status_code == 503
    assert response.json()["dependencies"][0]["status"] == "down"


async def test_listings_return_the_seed_names(client):
    for path, names in (
        ("/api/v1/payment-gateways", GATEWAYS),
        ("/api/v1/notification-channels", CHANNELS),
        ("/api/v1/databases", DATABASES),
    ):
        body = (await client.get(path)).json()
        assert [item["name"] for item in body["items"]] == names, path


async def test_factories_lists_each_family_once_and_the_abstract_factory(client):
    body = (await client.get("/api/v1/factories")).json()
    assert [f["type"] for f in body["factories"]] == ["payment-gateways", "notification-channels", "databases"]
    assert [m["name"] for m in body["factories"][0]["members"]] == GATEWAYS
    families = {f["name"]: f for f in body["abstract"]["families"]}
    assert families["global"]["gateways"][0] == "stripe"
    assert families["india"]["gateways"] == ["razorpay"]
    assert families["india"]["channel"] == "sms"
    assert body["abstract"]["default"] == "global"


async def test_factory_by_type_and_adapter_metadata(client):
    body = (await client.get("/api/v1/factories/payment-gateways")).json()
    stripe = body["members"][0]
    assert stripe["adapter"] == "SandboxGateway" and stripe["mode"] == "sandbox"
    assert stripe["settings_present"]["secret_key"] is False
    databases = (await client.get("/api/v1/factories/databases")).json()["members"]
    assert {d["name"]: d["role"] for d in databases}["sqlite"] == "transactional+analytics"
    abstract = (await client.get("/api/v1/factories/abstract")).json()
    assert {f["name"] for f in abstract["families"]} >= {"global", "india"}


async def test_unknown_factory_type_is_404_problem_listing_known_types(client):
    response = await client.get("/api/v1/factories/teapots")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["known"] == ["payment-gateways", "notification-channels", "databases", "abstract"]
    assert problem["code"] == "unknown_factory_key"


async def test_system_info_names_profile_and_adapters(client):
    body = (await client.get("/api/v1/system-info")).json()
    assert body["profile"] == "test"
    assert body["adapters"]["event_bus"] == "memory"
    assert body["instance_id"]


async def test_openapi_document_is_served(client):
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/factories" in response.json()["paths"]


async def test_unknown_route_is_problem_json(client):
    response = await client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_every_response_carries_a_request_id(client):
    response = await client.get("/health", headers={"X-Request-ID": "abc123"})
    assert response.headers["x-request-id"] == "abc123"
