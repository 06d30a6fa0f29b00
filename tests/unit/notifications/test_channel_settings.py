"""Channel settings read from the environment keep their text where YAML would change it."""

from __future__ import annotations

from entrypoints.settings import load_settings


def test_phone_numbers_and_ids_from_the_environment_stay_strings():
    """`+15005550006` stays a phone number, `0123` stays an id, `2525` becomes a port number."""
    settings = load_settings(
        "test",
        env={
            "TWILIO_FROM_NUMBER": "+15005550006",
            "WHATSAPP_PHONE_NUMBER_ID": "0123",
            "SMTP_PORT": "2525",
            "SMTP_STARTTLS": "false",
        },
    )
    channels = settings.notification_channels
    assert channels["sms"].credentials["from_number"] == "+15005550006"
    assert channels["whatsapp"].credentials["phone_number_id"] == "0123"
    assert channels["email"].credentials["port"] == 2525
    assert channels["email"].options["starttls"] is False


def test_every_channel_has_retry_and_timeout_settings_and_the_outbox_has_a_home():
    """max_retries and timeout_seconds come from config; the outbox defaults to var/outbox."""
    settings = load_settings("test", env={})
    assert {c.max_retries for c in settings.notification_channels.values()} == {2}
    assert settings.notifications.outbox_dir == "var/outbox"
