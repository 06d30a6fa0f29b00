from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.webhook_result import WebhookResult
from ...types import Response


def _get_kwargs(
    gateway: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/webhooks/{gateway}".format(
            gateway=quote(str(gateway), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | WebhookResult | None:
    if response.status_code == 200:
        response_200 = WebhookResult.from_dict(response.json())

        return response_200

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if 400 <= response.status_code <= 499:
        response_4xx = Problem.from_dict(response.json())

        return response_4xx

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | WebhookResult]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    gateway: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Problem | WebhookResult]:
    """A provider's signed notification (public; the signature authenticates it)

    Args:
        gateway (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WebhookResult]
    """

    kwargs = _get_kwargs(
        gateway=gateway,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    gateway: str,
    *,
    client: AuthenticatedClient | Client,
) -> Problem | WebhookResult | None:
    """A provider's signed notification (public; the signature authenticates it)

    Args:
        gateway (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WebhookResult
    """

    return sync_detailed(
        gateway=gateway,
        client=client,
    ).parsed


async def asyncio_detailed(
    gateway: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Problem | WebhookResult]:
    """A provider's signed notification (public; the signature authenticates it)

    Args:
        gateway (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WebhookResult]
    """

    kwargs = _get_kwargs(
        gateway=gateway,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    gateway: str,
    *,
    client: AuthenticatedClient | Client,
) -> Problem | WebhookResult | None:
    """A provider's signed notification (public; the signature authenticates it)

    Args:
        gateway (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WebhookResult
    """

    return (
        await asyncio_detailed(
            gateway=gateway,
            client=client,
        )
    ).parsed
