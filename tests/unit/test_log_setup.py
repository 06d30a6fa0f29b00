"""The log file answers the seed's greps: levels in capitals, one `Factory created` line per member."""

import logging

import structlog

from containers import build_container
from entrypoints.settings import load_settings


def test_levels_are_written_in_capitals_for_structlog_and_stdlib_lines(log_file):
    """`grep ERROR logs/app.log` finds errors whichever logging API wrote them."""
    structlog.get_logger("test").error("payment_stuck", payment_id="pay_1")
    logging.getLogger("library").warning("a library complains")
    levels = {line["event"]: line["level"] for line in log_file.lines()}
    assert levels == {"payment_stuck": "ERROR", "a library complains": "WARNING"}
    assert '"level": "ERROR"' in log_file.text().replace('":"', '": "')


def test_start_up_logs_one_factory_line_per_member_created(log_file):
    """The local wiring reads back from the log: every enabled gateway, channel, database, family."""
    container = build_container(settings=load_settings("test", env={}))
    container.system.factory_members()
    lines = [e["event"] for e in log_file.lines() if e["event"].startswith("Factory created")]
    assert "Factory created payment gateway stripe (sandbox)" in lines
    assert "Factory created notification channel email (sandbox)" in lines
    assert "Factory created database sqlite (transactional+analytics)" in lines
    assert "Factory created payment system global (stripe > paypal, receipts by email)" in lines
    gateways = [line for line in lines if line.startswith("Factory created payment gateway")]
    channels = [line for line in lines if line.startswith("Factory created notification channel")]
    assert len(gateways) == 5 and len(channels) == 5 and len(lines) == len(set(lines))
