"""Notification templates: PUT / GET / DELETE /api/v1/templates/{name}, GET the list."""

from __future__ import annotations

from litestar import Controller, delete, get, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from application.notifications.manage_templates import (
    DeleteTemplate,
    GetTemplate,
    ListTemplates,
    PutTemplate,
    TemplateBody,
    TemplateView,
)


class TemplatesController(Controller):
    path = "/api/v1/templates"
    tags = ["notifications"]

    @put("/{name:str}", summary="Create or replace a template (subject and body per channel and per locale)")
    async def put_one(
        self, name: FromPath[str], data: JSONBody[TemplateBody], put_template: NamedDependency[PutTemplate]
    ) -> TemplateView:
        return await put_template(name, data)

    @get("/", summary="Every template: the shipped ones and the operators'")
    async def list_all(self, list_templates: NamedDependency[ListTemplates]) -> list[TemplateView]:
        return await list_templates()

    @get("/{name:str}", summary="One template")
    async def get_one(self, name: FromPath[str], get_template: NamedDependency[GetTemplate]) -> TemplateView:
        return await get_template(name)

    @delete("/{name:str}", status_code=204, summary="Delete an operator's template (a shipped one applies again)")
    async def delete_one(self, name: FromPath[str], delete_template: NamedDependency[DeleteTemplate]) -> None:
        await delete_template(name)
