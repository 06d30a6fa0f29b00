"""FCM HTTP v1 and Google's OAuth2 token endpoint, as documented, on one local server.

The token endpoint verifies the RS256 assertion with the service account's public key and its
claims; the send endpoint accepts only bearer tokens this endpoint issued.
"""

from __future__ import annotations

import base64
import json
import time

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from tests.integration.providers.contracts import ProviderStub
from tests.integration.providers.server import Reply, Request

SCOPE = "https://www.googleapis.com/auth/firebase.messaging"
GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"


def _unb64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


class FcmStub(ProviderStub):
    channel = "push"
    project_id, client_email = "factory-test", "fcm@factory-test.iam.gserviceaccount.com"
    token_path = "/token"

    def __init__(self, public_key: rsa.RSAPublicKey) -> None:
        super().__init__()
        self._public_key = public_key
        self.issued: list[str] = []
        self.token_uri = ""  # set once the server's URL is known

    def __call__(self, request: Request) -> Reply:
        if request.path == self.token_path:
            return self._token(request)
        return super().__call__(request)

    def _token(self, request: Request) -> Reply:
        problems: list[str] = []
        self._expect(problems, request.method == "POST", "token: method POST")
        self._expect(
            problems,
            request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"),
            "token: form-encoded",
        )
        form = request.form()
        self._expect(problems, form.get("grant_type") == GRANT, "token: jwt-bearer grant type")
        header_b64, claims_b64, signature_b64 = [*form.get("assertion", "").split("."), "", ""][:3]
        try:
            self._public_key.verify(
                _unb64(signature_b64), f"{header_b64}.{claims_b64}".encode(), padding.PKCS1v15(), hashes.SHA256()
            )
            header, claims = json.loads(_unb64(header_b64)), json.loads(_unb64(claims_b64))
        except (InvalidSignature, ValueError):
            problems.append("token: assertion signature does not verify")
            header, claims = {}, {}
        self._expect(problems, header.get("alg") == "RS256", "token: alg RS256")
        self._expect(problems, claims.get("iss") == self.client_email, "token: iss")
        self._expect(problems, claims.get("aud") == self.token_uri, "token: aud is token_uri")
        self._expect(problems, SCOPE in str(claims.get("scope", "")).split(), "token: FCM scope")
        now = time.time()
        self._expect(
            problems,
            claims.get("iat", 0) <= now + 5 and 0 < claims.get("exp", 0) - claims.get("iat", 0) <= 3600,
            "token: iat/exp within one hour",
        )
        if problems:
            self.violations.extend(problems)
            return Reply(400, {"error": "invalid_grant", "error_description": "; ".join(problems)})
        self.issued.append(f"ya29.test-{len(self.issued) + 1}")
        return Reply(200, {"access_token": self.issued[-1], "expires_in": 3599, "token_type": "Bearer"})

    def check(self, request: Request) -> list[str]:
        problems: list[str] = []
        self._expect(problems, request.method == "POST", "method must be POST")
        self._expect(problems, request.path == f"/v1/projects/{self.project_id}/messages:send", f"path {request.path}")
        bearer = request.headers.get("authorization", "").removeprefix("Bearer ")
        self._expect(
            problems, bool(self.issued) and bearer == self.issued[-1], "bearer: the latest issued access token"
        )
        self._expect(problems, request.headers.get("content-type") == "application/json", "JSON body")
        if problems:
            return problems
        body = request.json()
        message = body.get("message") or {}
        self._expect(problems, set(body) <= {"message", "validate_only"}, f"fields {set(body)}")
        self._expect(problems, bool(message.get("token")), "message.token")
        self._expect(problems, bool((message.get("notification") or {}).get("body")), "message.notification.body")
        data = message.get("data") or {}
        self._expect(problems, all(isinstance(v, str) for v in data.values()), "message.data values are strings")
        return problems

    def ok(self, request: Request) -> Reply:
        return Reply(200, {"name": f"projects/{self.project_id}/messages/0:{next(self._ids)}%31bd1c96"})

    def _error(self, code: int, status: str, fcm_code: str, message: str) -> dict:
        return {
            "error": {
                "code": code,
                "message": message,
                "status": status,
                "details": [{"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", "errorCode": fcm_code}],
            }
        }

    def server_error(self) -> Reply:
        return Reply(503, self._error(503, "UNAVAILABLE", "UNAVAILABLE", "The service is currently unavailable."))

    def rate_limited(self, retry_after: int) -> Reply:
        return Reply(
            429,
            self._error(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED", "Quota exceeded for quota metric 'Send requests'"),
            {"Retry-After": str(retry_after)},
        )

    def rejected(self) -> Reply:
        return Reply(404, self._error(404, "NOT_FOUND", "UNREGISTERED", "Requested entity was not found."))

    def unauthenticated(self) -> Reply:
        return Reply(
            401,
            {
                "error": {
                    "code": 401,
                    "status": "UNAUTHENTICATED",
                    "message": "Request had invalid authentication credentials.",
                }
            },
        )
