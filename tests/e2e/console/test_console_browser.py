"""The web console in headless Chromium against a real server: payments, refunds, notifications, live feed."""

from __future__ import annotations

import uuid

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait

from tests.e2e.console.conftest import REPO

pytestmark = pytest.mark.e2e
SCREENSHOT = REPO / "test-output" / "console.png"


def wait_for(browser: WebDriver, css: str, text: str | None = None):
    """The first element matching css (containing text, when given), waiting up to 15 s."""
    wait = WebDriverWait(browser, 15)
    if text is None:
        return wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, css)))
    wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, css), text))
    return browser.find_element(By.CSS_SELECTOR, css)


def open_console(browser: WebDriver, url: str, user_id: str) -> None:
    browser.get(url)
    wait_for(browser, "#pay-gateway option[value=stripe]")
    field = browser.find_element(By.ID, "user-id")
    field.clear()
    field.send_keys(user_id)
    browser.find_element(By.CSS_SELECTOR, "#session button[type=submit]").click()
    wait_for(browser, "#ws-status", "live")


def fill(browser: WebDriver, element_id: str, value: str) -> None:
    field = browser.find_element(By.ID, element_id)
    field.clear()
    field.send_keys(value)


def test_payment_refund_and_notification_show_in_the_table_and_the_live_feed(browser, server_url):
    """A payment appears in the table with its created and processed events, a partial refund
    updates the row and streams refund_processed, and an email streams notification_sent."""
    open_console(browser, server_url, f"console-{uuid.uuid4().hex[:8]}")
    Select(browser.find_element(By.ID, "pay-gateway")).select_by_value("stripe")
    Select(browser.find_element(By.ID, "pay-trigger")).select_by_value("success")
    fill(browser, "pay-amount", "100.50")
    browser.find_element(By.ID, "pay-submit").click()

    row = wait_for(browser, "#payments tbody tr .status-succeeded").find_element(By.XPATH, "./..")
    payment_id = row.get_attribute("data-id")
    assert "100.50 USD" in row.text
    for event_type in ("payment_created", "payment_processed"):
        wait_for(browser, f'#feed li[data-type={event_type}][data-aggregate="{payment_id}"]')

    fill(browser, f"refund-{payment_id}", "10.00")
    browser.find_element(By.CSS_SELECTOR, f'button[data-refund="{payment_id}"]').click()
    wait_for(browser, f'#feed li[data-type=refund_processed][data-aggregate="{payment_id}"]')
    wait_for(browser, f'#payments tr[data-id="{payment_id}"] .status', "partially_refunded")
    assert browser.find_element(By.CSS_SELECTOR, f'#payments tr[data-id="{payment_id}"] .refunded').text == "10.00"

    assert browser.find_element(By.ID, "ch-email").is_selected()
    browser.find_element(By.ID, "notify-submit").click()
    wait_for(browser, "#notify-results", "email: sent")
    sent = wait_for(browser, "#feed li[data-type=notification_sent]")
    assert "email" in sent.text
    assert browser.find_element(By.ID, "problem").get_attribute("hidden") is not None

    broken = [
        e["message"]
        for e in browser.get_log("browser")
        if "Content Security Policy" in e["message"] or "Uncaught" in e["message"]
    ]
    assert broken == []

    SCREENSHOT.parent.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 10_000


def test_an_invalid_amount_shows_the_problem_detail_naming_the_field(browser, server_url):
    """1.005 USD, submitted from the keyboard, is refused by the API and the page shows the
    problem+json detail as an alert."""
    open_console(browser, server_url, f"console-{uuid.uuid4().hex[:8]}")
    fill(browser, "pay-amount", "1.005")
    browser.find_element(By.ID, "pay-amount").send_keys(Keys.ENTER)
    problem = wait_for(browser, "#problem[role=alert]")
    assert "USD allows at most 2 decimal places" in problem.text
    assert "422" in problem.text and "field: amount" in problem.text
    assert browser.find_elements(By.CSS_SELECTOR, "#payments tbody tr") == []


STORED = """return [sessionStorage.length, localStorage.length,
  document.querySelectorAll('input[type=password], #api-key').length,
  performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/api/v1/client-tokens')).length];"""


def test_the_live_feed_opens_with_a_client_token_and_the_page_holds_no_api_key(browser, server_url):
    """No API key is typed or asked for: the feed goes live on a client token minted by the
    service, and neither sessionStorage nor localStorage holds anything."""
    open_console(browser, server_url, f"console-{uuid.uuid4().hex[:8]}")
    browser.refresh()
    wait_for(browser, "#ws-status", "live")
    stored_session, stored_local, key_fields, token_requests = browser.execute_script(STORED)
    assert (stored_session, stored_local, key_fields) == (0, 0, 0)
    assert token_requests >= 1


UNLABELLED = """return [...document.querySelectorAll('input, select, textarea, button')]
  .filter((c) => !(c.labels && c.labels.length) && !c.getAttribute('aria-label') && !c.textContent.trim())
  .map((c) => c.id || c.outerHTML);"""


def test_every_control_has_a_label(browser, server_url):
    """Each input, select, textarea and button, including the generated ones, has an accessible name."""
    open_console(browser, server_url, f"console-{uuid.uuid4().hex[:8]}")
    fill(browser, "pay-amount", "5.00")
    browser.find_element(By.ID, "pay-submit").click()
    wait_for(browser, "#payments tbody tr")
    assert len(browser.find_elements(By.CSS_SELECTOR, "input, select, textarea, button")) > 15
    assert browser.execute_script(UNLABELLED) == []
