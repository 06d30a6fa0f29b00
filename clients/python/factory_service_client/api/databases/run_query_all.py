from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.query_all_request_type_0 import QueryAllRequestType0
from ...models.query_all_request_type_1 import QueryAllRequestType1
from ...models.query_all_request_type_2 import QueryAllRequestType2
from ...models.query_all_request_type_3 import QueryAllRequestType3
from ...models.query_all_result import QueryAllResult
from ...types import Response


def _get_kwargs(
    *,
    body: QueryAllRequestType0 | QueryAllRequestType1 | QueryAllRequestType2 | QueryAllRequestType3,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/databases/query-all",
    }

    if isinstance(body, QueryAllRequestType0):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, QueryAllRequestType1):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, QueryAllRequestType2):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | QueryAllResult | None:
    if response.status_code == 200:
        response_200 = QueryAllResult.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if response.status_code == 502:
        response_502 = Problem.from_dict(response.json())

        return response_502

    if 400 <= response.status_code <= 499:
        response_4xx = Problem.from_dict(response.json())

        return response_4xx

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | QueryAllResult]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: QueryAllRequestType0 | QueryAllRequestType1 | QueryAllRequestType2 | QueryAllRequestType3,
) -> Response[Problem | QueryAllResult]:
    """Run a named query on every configured database concurrently

    Args:
        body (QueryAllRequestType0 | QueryAllRequestType1 | QueryAllRequestType2 |
            QueryAllRequestType3):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | QueryAllResult]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: QueryAllRequestType0 | QueryAllRequestType1 | QueryAllRequestType2 | QueryAllRequestType3,
) -> Problem | QueryAllResult | None:
    """Run a named query on every configured database concurrently

    Args:
        body (QueryAllRequestType0 | QueryAllRequestType1 | QueryAllRequestType2 |
            QueryAllRequestType3):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | QueryAllResult
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: QueryAllRequestType0 | QueryAllRequestType1 | QueryAllRequestType2 | QueryAllRequestType3,
) -> Response[Problem | QueryAllResult]:
    """Run a named query on every configured database concurrently

    Args:
        body (QueryAllRequestType0 | QueryAllRequestType1 | QueryAllRequestType2 |
            QueryAllRequestType3):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | QueryAllResult]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: QueryAllRequestType0 | QueryAllRequestType1 | QueryAllRequestType2 | QueryAllRequestType3,
) -> Problem | QueryAllResult | None:
    """Run a named query on every configured database concurrently

    Args:
        body (QueryAllRequestType0 | QueryAllRequestType1 | QueryAllRequestType2 |
            QueryAllRequestType3):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | QueryAllResult
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
