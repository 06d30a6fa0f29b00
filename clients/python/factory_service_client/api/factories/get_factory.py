from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.abstract_factory_view import AbstractFactoryView
from ...models.factory_view import FactoryView
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    factory_type: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/factories/{factory_type}".format(
            factory_type=quote(str(factory_type), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AbstractFactoryView | FactoryView | Problem | None:
    if response.status_code == 200:

        def _parse_response_200(data: object) -> AbstractFactoryView | FactoryView:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_0 = FactoryView.from_dict(data)

                return response_200_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_200_type_1 = AbstractFactoryView.from_dict(data)

            return response_200_type_1

        response_200 = _parse_response_200(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if 400 <= response.status_code <= 499:
        response_4xx = Problem.from_dict(response.json())

        return response_4xx

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AbstractFactoryView | FactoryView | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    factory_type: str,
    *,
    client: AuthenticatedClient,
) -> Response[AbstractFactoryView | FactoryView | Problem]:
    """One factory: payment-gateways, notification-channels, databases or abstract

    Args:
        factory_type (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AbstractFactoryView | FactoryView | Problem]
    """

    kwargs = _get_kwargs(
        factory_type=factory_type,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    factory_type: str,
    *,
    client: AuthenticatedClient,
) -> AbstractFactoryView | FactoryView | Problem | None:
    """One factory: payment-gateways, notification-channels, databases or abstract

    Args:
        factory_type (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AbstractFactoryView | FactoryView | Problem
    """

    return sync_detailed(
        factory_type=factory_type,
        client=client,
    ).parsed


async def asyncio_detailed(
    factory_type: str,
    *,
    client: AuthenticatedClient,
) -> Response[AbstractFactoryView | FactoryView | Problem]:
    """One factory: payment-gateways, notification-channels, databases or abstract

    Args:
        factory_type (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AbstractFactoryView | FactoryView | Problem]
    """

    kwargs = _get_kwargs(
        factory_type=factory_type,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    factory_type: str,
    *,
    client: AuthenticatedClient,
) -> AbstractFactoryView | FactoryView | Problem | None:
    """One factory: payment-gateways, notification-channels, databases or abstract

    Args:
        factory_type (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AbstractFactoryView | FactoryView | Problem
    """

    return (
        await asyncio_detailed(
            factory_type=factory_type,
            client=client,
        )
    ).parsed
