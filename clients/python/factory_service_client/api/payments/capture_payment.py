from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.capture_body import CaptureBody
from ...models.payment_view import PaymentView
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    payment_id: str,
    *,
    body: CaptureBody | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/payments/{payment_id}/capture".format(
            payment_id=quote(str(payment_id), safe=""),
        ),
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PaymentView | Problem | None:
    if response.status_code == 200:
        response_200 = PaymentView.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

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

    if 400 <= response.status_code <= 499:
        response_4xx = Problem.from_dict(response.json())

        return response_4xx

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[PaymentView | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    payment_id: str,
    *,
    client: AuthenticatedClient,
    body: CaptureBody | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[PaymentView | Problem]:
    """Capture all or part of an authorized payment; the rest is released

    Args:
        payment_id (str):
        idempotency_key (str | Unset):
        body (CaptureBody | Unset): Optional: the amount to capture (default: all that was
            authorized; the rest is released).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaymentView | Problem]
    """

    kwargs = _get_kwargs(
        payment_id=payment_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    payment_id: str,
    *,
    client: AuthenticatedClient,
    body: CaptureBody | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> PaymentView | Problem | None:
    """Capture all or part of an authorized payment; the rest is released

    Args:
        payment_id (str):
        idempotency_key (str | Unset):
        body (CaptureBody | Unset): Optional: the amount to capture (default: all that was
            authorized; the rest is released).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaymentView | Problem
    """

    return sync_detailed(
        payment_id=payment_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    payment_id: str,
    *,
    client: AuthenticatedClient,
    body: CaptureBody | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[PaymentView | Problem]:
    """Capture all or part of an authorized payment; the rest is released

    Args:
        payment_id (str):
        idempotency_key (str | Unset):
        body (CaptureBody | Unset): Optional: the amount to capture (default: all that was
            authorized; the rest is released).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaymentView | Problem]
    """

    kwargs = _get_kwargs(
        payment_id=payment_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    payment_id: str,
    *,
    client: AuthenticatedClient,
    body: CaptureBody | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> PaymentView | Problem | None:
    """Capture all or part of an authorized payment; the rest is released

    Args:
        payment_id (str):
        idempotency_key (str | Unset):
        body (CaptureBody | Unset): Optional: the amount to capture (default: all that was
            authorized; the rest is released).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaymentView | Problem
    """

    return (
        await asyncio_detailed(
            payment_id=payment_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
