"""Event settings per profile: producer idempotence, handler retry bounds, housekeeping."""

from containers import build_container
from entrypoints.settings import load_settings


def test_producer_idempotence_is_on_for_production_and_off_in_the_test_profile():
    """Apache Kafka serves an idempotent producer; the Tansu test broker does not."""
    assert load_settings("production", env={}).kafka.enable_idempotence is True
    assert load_settings("local").kafka.enable_idempotence is True
    assert load_settings("test").kafka.enable_idempotence is False


def test_handlers_ride_out_a_minute_in_production_and_give_up_fast_in_tests():
    """The retry window is configurable: 60 s by default, half a second in the test profile."""
    production, test = load_settings("production", env={}).events, load_settings("test").events
    assert (production.retry_for_seconds, production.retry_max_seconds) == (60, 10)
    assert test.retry_for_seconds < 1


def test_the_kafka_bus_is_built_with_the_profile_idempotence_and_the_sql_dead_letter_store():
    """The container hands the setting to the producer and the SQL store to the delivery."""
    settings = load_settings("test", overrides={"adapters": {"event_bus": "kafka"}})
    bus = build_container(settings=settings).infrastructure.event_bus()
    assert bus._idempotence is False
    assert type(bus.delivery.dead_letters).__name__ == "SqlaDeadLetterStore"
    assert load_settings("production", env={}).housekeeping.batch_size == 500
