"""Each provider's documented request contract, and the response shapes it documents.

A stub checks every request (method, path, auth, content type, fields); a request that breaks
the contract is answered 400 and listed in `violations`, so the test fails on it. Otherwise the
stub answers from its `script` (replies in order), then with the documented success.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import re
from urllib.parse import urlencode, urlsplit

from tests.integration.providers.server import Reply, Request

E164 = re.compile(r"\+[1-9][0-9]{7,14}")


class ProviderStub:
    channel = ""

    def __init__(self) -> None:
        self.script: list[Reply] = []
        self.violations: list[str] = []
        self._ids = itertools.count(1)

    def __call__(self, request: Request) -> Reply:
        problems = self.check(request)
        if problems:
            self.violations.extend(problems)
            return Reply(400, {"contract_violations": problems})
        return self.script.pop(0) if self.script else self.ok(request)

    def _expect(self, problems: list[str], ok: bool, what: str) -> None:
        if not ok:
            problems.append(f"{self.channel}: {what}")

    def check(self, request: Request) -> list[str]:
        raise NotImplementedError

    def ok(self, request: Request) -> Reply:
        raise NotImplementedError

    def server_error(self) -> Reply:
        raise NotImplementedError

    def rate_limited(self, retry_after: int) -> Reply:
        raise NotImplementedError

    def rejected(self) -> Reply:
        raise NotImplementedError


class TwilioStub(ProviderStub):
    """POST /2010-04-01/Accounts/{sid}/Messages.json, form-encoded, HTTP basic sid:token."""

    channel = "sms"
    sid, token, sender = "AC" + "a" * 32, "twilio-auth-token", "+15005550006"

    def check(self, request: Request) -> list[str]:
        problems: list[str] = []
        basic = base64.b64encode(f"{self.sid}:{self.token}".encode()).decode()
        self._expect(problems, request.method == "POST", "method must be POST")
        self._expect(problems, request.path == f"/2010-04-01/Accounts/{self.sid}/Messages.json", f"path {request.path}")
        self._expect(
            problems,
            request.headers.get("authorization") == f"Basic {basic}",
            "basic auth with account sid and auth token",
        )
        self._expect(
            problems,
            request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"),
            "form-encoded body",
        )
        if problems:
            return problems
        form = request.form()
        self._expect(problems, bool(E164.fullmatch(form.get("To", ""))), "To in E.164")
        self._expect(problems, bool(form.get("Body")), "non-empty Body")
        self._expect(problems, form.get("From") == self.sender, "From number")
        if "StatusCallback" in form:
            callback = urlsplit(form["StatusCallback"])
            self._expect(problems, callback.scheme in ("http", "https") and bool(callback.netloc), "absolute URL")
        return problems

    def status_callback(self, url: str, sid: str, status: str, error_code: str = "") -> tuple[dict, bytes]:
        """Twilio's message status callback to `url`, signed as Twilio signs it: base64 of
        HMAC-SHA1 (auth token) over the URL followed by each parameter's name and value, sorted."""
        params = {
            "AccountSid": self.sid,
            "ApiVersion": "2010-04-01",
            "From": self.sender,
            "MessageSid": sid,
            "MessageStatus": status,
            "SmsSid": sid,
            "SmsStatus": status,
            "To": "+14155550123",
        }
        if error_code:
            params["ErrorCode"] = error_code
        signed = url + "".join(name + params[name] for name in sorted(params))
        signature = base64.b64encode(hmac.new(self.token.encode(), signed.encode(), hashlib.sha1).digest()).decode()
        headers = {"X-Twilio-Signature": signature, "Content-Type": "application/x-www-form-urlencoded"}
        return headers, urlencode(params).encode()

    def ok(self, request: Request) -> Reply:
        form = request.form()
        sid = f"SM{next(self._ids):032x}"
        return Reply(
            201,
            {
                "sid": sid,
                "account_sid": self.sid,
                "to": form["To"],
                "from": form["From"],
                "body": form["Body"],
                "status": "queued",
                "num_segments": "1",
                "direction": "outbound-api",
                "api_version": "2010-04-01",
                "error_code": None,
                "error_message": None,
                "uri": f"/2010-04-01/Accounts/{self.sid}/Messages/{sid}.json",
            },
        )

    def _error(self, status: int, code: int, message: str) -> dict:
        return {
            "code": code,
            "message": message,
            "status": status,
            "more_info": f"https://www.twilio.com/docs/errors/{code}",
        }

    def server_error(self) -> Reply:
        return Reply(500, self._error(500, 20500, "Internal Server Error"))

    def rate_limited(self, retry_after: int) -> Reply:
        return Reply(429, self._error(429, 20429, "Too Many Requests"), {"Retry-After": str(retry_after)})

    def rejected(self) -> Reply:
        return Reply(400, self._error(400, 21211, "Invalid 'To' Phone Number"))


class WhatsAppStub(ProviderStub):
    """POST /{version}/{phone_number_id}/messages, JSON, bearer access token."""

    channel = "whatsapp"
    version, phone_number_id, token = "v21.0", "106540352242922", "EAAG-whatsapp-token"
    app_secret, verify_token = "whatsapp-app-secret", "whatsapp-verify-token"

    def status_webhook(self, wamid: str, status: str, timestamp: int, error: tuple[int, str] | None = None):
        """The Cloud API's status notification for `wamid`, signed with the app secret
        (X-Hub-Signature-256: sha256= and the hex HMAC-SHA256 of the raw body)."""
        report = {"id": wamid, "status": status, "timestamp": str(timestamp), "recipient_id": "14155550123"}
        if error:
            report["errors"] = [{"code": error[0], "title": error[1], "message": error[1]}]
        body = json.dumps(
            {
                "object": "whatsapp_business_account",
                "entry": [
                    {
                        "id": "102290129340398",
                        "changes": [
                            {
                                "field": "messages",
                                "value": {
                                    "messaging_product": "whatsapp",
                                    "metadata": {"phone_number_id": self.phone_number_id},
                                    "statuses": [report],
                                },
                            }
                        ],
                    }
                ],
            }
        ).encode()
        digest = hmac.new(self.app_secret.encode(), body, hashlib.sha256).hexdigest()
        return {"X-Hub-Signature-256": f"sha256={digest}", "Content-Type": "application/json"}, body

    def check(self, request: Request) -> list[str]:
        problems: list[str] = []
        self._expect(problems, request.method == "POST", "method must be POST")
        self._expect(
            problems, request.path == f"/{self.version}/{self.phone_number_id}/messages", f"path {request.path}"
        )
        self._expect(problems, request.headers.get("authorization") == f"Bearer {self.token}", "bearer access token")
        self._expect(problems, request.headers.get("content-type") == "application/json", "JSON body")
        if problems:
            return problems
        body = request.json()
        self._expect(problems, body.get("messaging_product") == "whatsapp", "messaging_product")
        self._expect(problems, str(body.get("to", "")).isdigit(), "to: digits of the number")
        self._expect(problems, body.get("type") == "text", "type text")
        self._expect(problems, bool((body.get("text") or {}).get("body")), "text.body")
        return problems

    def ok(self, request: Request) -> Reply:
        to = request.json()["to"]
        return Reply(
            200,
            {
                "messaging_product": "whatsapp",
                "contacts": [{"input": to, "wa_id": to}],
                "messages": [{"id": f"wamid.HBgL{next(self._ids):020d}"}],
            },
        )

    def _error(self, code: int, message: str) -> dict:
        return {"error": {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "AbCdEfGhIjK"}}

    def server_error(self) -> Reply:
        return Reply(500, self._error(1, "An unknown error has occurred."))

    def rate_limited(self, retry_after: int) -> Reply:
        return Reply(429, self._error(80007, "Rate limit issues"), {"Retry-After": str(retry_after)})

    def throttled_as_400(self) -> Reply:
        return Reply(400, self._error(130429, "Rate limit hit"))

    def rejected(self) -> Reply:
        return Reply(400, self._error(131030, "(#131030) Recipient phone number not in allowed list"))


class SlackStub(ProviderStub):
    """POST {"text": ...} JSON to the webhook URL (the secret is the URL); answers text."""

    channel = "slack"
    path = "/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"

    def check(self, request: Request) -> list[str]:
        problems: list[str] = []
        self._expect(problems, request.method == "POST", "method must be POST")
        self._expect(problems, request.path == self.path, f"path {request.path}")
        self._expect(problems, request.headers.get("content-type") == "application/json", "JSON body")
        self._expect(problems, "authorization" not in request.headers, "no auth header")
        if problems:
            return problems
        body = request.json()
        self._expect(problems, bool(body.get("text")), "text")
        self._expect(problems, set(body) <= {"text", "channel", "blocks"}, f"fields {set(body)}")
        return problems

    def ok(self, request: Request) -> Reply:
        return Reply(200, "ok")

    def server_error(self) -> Reply:
        return Reply(500, "rollup_error")

    def rate_limited(self, retry_after: int) -> Reply:
        return Reply(429, "rate_limited", {"Retry-After": str(retry_after)})

    def rejected(self) -> Reply:
        return Reply(404, "channel_not_found")
