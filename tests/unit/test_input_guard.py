"""The edge's JSON and query checks on their own: depth limits, NUL anywhere, UTF-8, query names."""

import pytest

from entrypoints.input_guard import MAX_JSON_DEPTH, BadBody, bad_query_parameter, check_json


def _nested(levels: int) -> bytes:
    return b'{"metadata":' + b"[" * (levels - 1) + b"1" + b"]" * (levels - 1) + b"}"


def test_json_nested_up_to_the_limit_passes_and_one_more_is_400():
    """32 levels of containers pass; the 33rd is too_deeply_nested, as is a body msgspec cannot recurse into."""
    check_json(_nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH)
    for body in (_nested(MAX_JSON_DEPTH + 1), b"[" * 100_000 + b"]" * 100_000):
        with pytest.raises(BadBody) as refused:
            check_json(body, MAX_JSON_DEPTH)
        assert (refused.value.status, refused.value.code) == (400, "too_deeply_nested")


def test_many_shallow_containers_pass():
    """Bracket count alone refuses nothing: 500 sibling objects one level deep are fine."""
    check_json(b'{"items":[' + b",".join([b'{"a":[1]}'] * 500) + b"]}", MAX_JSON_DEPTH)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b'{"user_id":"u\\u0000"}', "user_id"),
        (b'{"metadata":{"k":["a","b\\u0000"]}}', "metadata.k.1"),
        (b'{"metadata":{"k\\u0000":1}}', "metadata.k?"),
    ],
)
def test_nul_in_any_string_or_key_is_422_naming_where(body, field):
    with pytest.raises(BadBody) as refused:
        check_json(body, MAX_JSON_DEPTH)
    assert (refused.value.status, refused.value.field) == (422, field)


def test_an_escaped_backslash_before_u0000_is_text_not_nul_and_webhooks_may_hold_nul():
    check_json(b'{"note":"C:\\\\u0000"}', MAX_JSON_DEPTH)
    check_json(b'{"note":"a\\u0000"}', MAX_JSON_DEPTH, refuse_nul=False)


def test_invalid_utf8_is_400():
    with pytest.raises(BadBody) as refused:
        check_json(b'{"user_id":"caf\xc3("}', MAX_JSON_DEPTH)
    assert (refused.value.status, refused.value.code) == (400, "invalid_utf8")


@pytest.mark.parametrize(
    ("query", "name"),
    [
        (b"user_id=a%00b", "user_id"),
        (b"limit=1&cursor=%1b", "cursor"),
        (b"a=1&st%7fatus=x", "st?atus"),
        (b"x=%20ok", None),
    ],
)
def test_the_query_parameter_holding_a_control_character_is_named(query, name):
    assert bad_query_parameter(query) == name
