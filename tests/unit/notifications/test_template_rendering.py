"""Templates: the sandboxed Jinja engine, locale fallback and the use cases over them."""

from __future__ import annotations

import pytest

from adapters.templates.jinja import JinjaTemplateEngine
from application.notifications.catalog import TemplateCatalog
from domain.errors import InvalidInput, TemplateRefused, TemplateVariableMissing
from domain.templates import Content, Template, locale_chain
from entrypoints.problems import status_of
from tests.fakes.templates import InMemoryTemplateStore

ENGINE = JinjaTemplateEngine()
GREETING = Template(
    name="greeting",
    channels={"email": Content(subject="Hello {{ name }}", text="Hello {{ name }}", html="<p>Hello {{ name }}</p>")},
    locales={
        "fr": {"email": Content(subject="Bonjour {{ name }}", text="Bonjour {{ name }}")},
        "fr-ca": {"email": Content(subject="Allô {{ name }}", text="Allô {{ name }}")},
        "de": {"sms": Content(text="Hallo {{ name }}")},
    },
)


def _render(locale: str | None, channel: str = "email", data: dict | None = None):
    catalog = TemplateCatalog(InMemoryTemplateStore(), ENGINE)
    return catalog.render(GREETING, channel, locale, data or {"name": "Ann"})


@pytest.mark.parametrize(
    ("locale", "subject"),
    [
        ("fr-CA", "Allô Ann"),  # exact
        ("fr_ca", "Allô Ann"),  # spelled with an underscore and lower case
        ("fr-BE", "Bonjour Ann"),  # region unknown: the language
        ("fr", "Bonjour Ann"),
        ("de-AT", "Hello Ann"),  # the language has no email content: the default
        ("ja", "Hello Ann"),  # unknown language: the default
        (None, "Hello Ann"),
    ],
)
def test_the_locale_falls_back_from_region_to_language_to_the_default(locale, subject):
    """fr-CA -> fr -> the template's default, per channel."""
    assert _render(locale).subject == subject


def test_the_locale_chain_is_most_specific_first_and_a_bad_tag_is_a_422():
    assert locale_chain("zh-Hant-TW") == ["zh-hant-tw", "zh-hant", "zh"]
    with pytest.raises(InvalidInput) as bad:
        locale_chain("fr CA; rm -rf")
    assert bad.value.field == "locale"


def test_a_script_value_is_escaped_in_html_and_kept_as_text_elsewhere():
    """Autoescape in HTML bodies only: the text part is not HTML and must not show entities."""
    rendered = _render(None, data={"name": "<script>alert(1)</script>"})
    assert rendered.html == "<p>Hello &lt;script&gt;alert(1)&lt;/script&gt;</p>"
    assert "<script>" not in rendered.html
    assert rendered.text == "Hello <script>alert(1)</script>"


def test_a_missing_variable_is_refused_naming_it_never_rendered_empty():
    with pytest.raises(TemplateVariableMissing) as missing:
        _render(None, data={"other": 1})
    assert missing.value.field == "data.name" and status_of(missing.value) == 422


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ name['__class__'] }}",
        "{{ self.__init__.__globals__ }}",
        "{% include '/etc/passwd' %}",
        "{% extends 'base.html' %}",
        "{{ lipsum.__globals__ }}",
    ],
)
def test_sandbox_escapes_are_refused_when_checked_and_when_rendered(source):
    """Dunder access and loading other files never get stored, and never render either."""
    with pytest.raises(TemplateRefused):
        ENGINE.check(source, field="channels.email.text")
    with pytest.raises(TemplateRefused):
        ENGINE.render(source, {"name": "x"}, html=False, field="channels.email.text")


@pytest.mark.parametrize(
    "source", ["{{ name|attr('__class__') }}", "{{ name.update(a=1) }}", "{{ 'x' * 1000000000 }}", "{{ range(9) }}"]
)
def test_what_only_shows_at_render_time_is_refused_by_the_sandbox(source):
    """attr() filters, mutating methods, huge products and the dropped globals."""
    with pytest.raises(InvalidInput):
        ENGINE.render(source, {"name": {}}, html=False, field="f")


def test_a_template_that_does_not_compile_is_refused_with_its_line():
    with pytest.raises(TemplateRefused) as refused:
        ENGINE.check("Hello\n{% if %}", field="channels.sms.text")
    assert refused.value.field == "channels.sms.text" and "line 2" in refused.value.detail


def test_a_channel_the_template_lacks_is_a_422_naming_channel():
    with pytest.raises(InvalidInput) as missing:
        _render(None, channel="slack")
    assert missing.value.field == "channel" and "email" in missing.value.detail
