"""The merchant's webhook endpoints: register, list, read, delete, rotate, enable, inspect, redeliver."""

from __future__ import annotations

from litestar import Controller, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody

from application.merchant_webhooks.endpoints import WebhookEndpoints
from application.merchant_webhooks.views import (
    DeliveryList,
    DeliveryView,
    WebhookEndpointBody,
    WebhookEndpointList,
    WebhookEndpointView,
)


class WebhookEndpointsController(Controller):
    path = "/api/v1/webhook-endpoints"
    tags = ["webhook endpoints"]

    @post("/", summary="Register an endpoint; the answer shows its signing secret, once", status_code=201)
    async def create(
        self, data: JSONBody[WebhookEndpointBody], webhook_endpoints: NamedDependency[WebhookEndpoints]
    ) -> WebhookEndpointView:
        return await webhook_endpoints.create(data)

    @get("/", summary="Every endpoint (without secrets)")
    async def index(self, webhook_endpoints: NamedDependency[WebhookEndpoints]) -> WebhookEndpointList:
        return await webhook_endpoints.list()

    @get("/{endpoint_id:str}", summary="One endpoint (without its secret)")
    async def read(
        self, endpoint_id: FromPath[str], webhook_endpoints: NamedDependency[WebhookEndpoints]
    ) -> WebhookEndpointView:
        return await webhook_endpoints.get(endpoint_id)

    @delete("/{endpoint_id:str}", summary="Remove an endpoint and its deliveries", status_code=204)
    async def remove(self, endpoint_id: FromPath[str], webhook_endpoints: NamedDependency[WebhookEndpoints]) -> None:
        await webhook_endpoints.delete(endpoint_id)

    @post("/{endpoint_id:str}/rotate-secret", summary="A new signing secret, shown once", status_code=200)
    async def rotate_secret(
        self, endpoint_id: FromPath[str], webhook_endpoints: NamedDependency[WebhookEndpoints]
    ) -> WebhookEndpointView:
        return await webhook_endpoints.rotate_secret(endpoint_id)

    @post("/{endpoint_id:str}/enable", summary="Re-enable an endpoint disabled for failing", status_code=200)
    async def enable(
        self, endpoint_id: FromPath[str], webhook_endpoints: NamedDependency[WebhookEndpoints]
    ) -> WebhookEndpointView:
        return await webhook_endpoints.enable(endpoint_id)

    @get("/{endpoint_id:str}/deliveries", summary="Deliveries, newest first, each with its attempts")
    async def deliveries(
        self,
        endpoint_id: FromPath[str],
        webhook_endpoints: NamedDependency[WebhookEndpoints],
        limit: FromQuery[int] = 50,
    ) -> DeliveryList:
        return await webhook_endpoints.deliveries(endpoint_id, limit)

    @post("/deliveries/{delivery_id:str}/redeliver", summary="Send a delivery again now", status_code=202)
    async def redeliver(
        self, delivery_id: FromPath[str], webhook_endpoints: NamedDependency[WebhookEndpoints]
    ) -> DeliveryView:
        return await webhook_endpoints.redeliver(delivery_id)
