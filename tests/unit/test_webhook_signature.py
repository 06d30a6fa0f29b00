"""The merchant's verification helper: Stripe-style `t=,v1=` over "t.body", 300 s tolerance."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from domain.webhook_signature import SignatureInvalid, sign, verify

BODY = b'{"event_id":"evt_1","type":"payment_processed"}'
SECRET = "whsec_test"
T = 1_760_000_000


def test_the_header_is_t_and_the_hex_hmac_of_t_dot_body():
    expected = hmac.new(SECRET.encode(), f"{T}.".encode() + BODY, hashlib.sha256).hexdigest()
    assert sign(SECRET, BODY, T) == f"t={T},v1={expected}"
    assert verify(sign(SECRET, BODY, T), BODY, SECRET, now=T + 299) == T


@pytest.mark.parametrize(
    ("header", "body", "secret", "now", "reason"),
    [
        (sign(SECRET, BODY, T), BODY, SECRET, T + 301, "tolerance"),
        (sign(SECRET, BODY, T), BODY, SECRET, T - 301, "tolerance"),
        (sign(SECRET, BODY, T), BODY + b" ", SECRET, T, "does not match"),
        (sign(SECRET, BODY, T), BODY, "whsec_other", T, "does not match"),
        (sign(SECRET, BODY, T).replace(f"t={T}", f"t={T + 1}"), BODY, SECRET, T, "does not match"),
        (f"t={T}", BODY, SECRET, T, "lacks"),
        (None, BODY, SECRET, T, "missing"),
    ],
)
def test_stale_tampered_foreign_or_malformed_signatures_are_refused(header, body, secret, now, reason):
    with pytest.raises(SignatureInvalid, match=reason):
        verify(header, body, secret, now=now)


def test_any_of_several_v1_values_may_match():
    good = sign(SECRET, BODY, T).partition(",")[2]
    assert verify(f"t={T},v1={'0' * 64},{good}", BODY, SECRET, now=T) == T
