"""The SQLite writer's staged writes go straight to the driver (adapters/sql/staged.py): rows,
rowcounts and errors are those Connection.execute gives, and what it cannot plan falls back."""

import asyncio

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.exc import IntegrityError

from adapters.sql import staged
from adapters.sql.migrate import upgrade
from adapters.sql.outbox import _ADD as ADD_EVENTS
from adapters.sql.payments import _ADD, _SAVE
from adapters.sql.rows import payment_from_row, payment_values
from adapters.sql.tables import outbox, payments
from domain.events import encode_event
from domain.money import Money
from domain.payment import Payment

pytestmark = pytest.mark.integration


@pytest.fixture
async def conn(tmp_path):
    url = f"sqlite:///{tmp_path}/staged.db"
    await asyncio.to_thread(upgrade, url.replace("sqlite:", "sqlite+aiosqlite:"))
    engine = create_engine(url)
    with engine.begin() as connection:
        yield connection
    engine.dispose()


def _payment() -> Payment:
    payment = Payment.create(
        user_id="u1",
        amount=Money(1050, "USD"),
        gateway="stripe",
        metadata={"order": "o-1"},
        customer={"email": "a@b.c"},
    )
    payment.start_processing("stripe")
    return payment


def _added(payment: Payment) -> dict:
    values = payment_values(payment)
    values.update(id=payment.id, created_at=payment.created_at, version=payment.version)
    return values


def test_a_staged_insert_stores_the_row_connection_execute_would(conn):
    """Money, JSON, enums and UTC datetimes read back as they went in, through the planned SQL."""
    payment = _payment()
    assert staged.execute_staged(conn, _ADD, _added(payment)) == 1
    assert staged._PLANS[(conn.dialect, _ADD, frozenset(_added(payment)))] is not None  # not the fallback
    stored = payment_from_row(conn.execute(select(payments)).mappings().one())
    assert (stored.id, stored.amount, stored.metadata, stored.customer, stored.status, stored.created_at) == (
        payment.id,
        payment.amount,
        payment.metadata,
        payment.customer,
        payment.status,
        payment.created_at,
    )


def test_a_staged_update_reports_its_rowcount_for_the_version_check(conn):
    """The outcome save's version check reads the rowcount: 1 when the version matched, 0 when not."""
    payment = _payment()
    staged.execute_staged(conn, _ADD, _added(payment))
    save = payment_values(payment) | {"version": 1, "b_id": payment.id, "b_version": 0}
    assert staged.execute_staged(conn, _SAVE, save) == 1
    assert staged.execute_staged(conn, _SAVE, save) == 0  # version 0 is gone


def test_a_batch_of_rows_is_one_executemany_and_a_duplicate_is_sqlalchemys_integrity_error(conn):
    """A list of rows is inserted row by row; a key already there raises IntegrityError as before."""
    payment = _payment()
    events = payment.events
    rows = [
        {
            "event_id": e.event_id,
            "type": str(e.type),
            "aggregate_id": e.aggregate_id,
            "user_id": e.user_id,
            "payload": encode_event(e),
            "occurred_at": e.occurred_at,
        }
        for e in events
    ]
    assert staged.execute_staged(conn, ADD_EVENTS, rows) == len(rows)
    assert conn.execute(select(outbox.c.event_id)).scalars().all() == [e.event_id for e in events]
    with pytest.raises(IntegrityError):
        staged.execute_staged(conn, ADD_EVENTS, rows[:1])


def test_a_statement_with_python_side_defaults_falls_back_to_connection_execute(conn):
    """Leaving out columns that have Python defaults (version, refunded_minor): SQLAlchemy fills them in."""
    payment = _payment()
    values = _added(payment)
    del values["version"]
    assert staged.execute_staged(conn, _ADD, values) == 1
    assert staged._PLANS[(conn.dialect, _ADD, frozenset(values))] is None
    assert conn.execute(select(payments.c.version)).scalar_one() == 0
