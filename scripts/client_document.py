"""The served OpenAPI document as openapi-python-client can read it (stdin -> stdout).

The generator takes no recursive union, so JsonValue (any JSON without NUL, defined through
JsonArray and JsonObject) is handed over as "any value": the client types free-form fields as
plain JSON either way; the server still enforces the rule.
"""

import json
import sys

document = json.load(sys.stdin)
schemas = document["components"]["schemas"]
schemas["JsonValue"] = {"title": "JsonValue", "description": schemas["JsonValue"]["description"]}
schemas.pop("JsonArray")
schemas.pop("JsonObject")
json.dump(document, sys.stdout, indent=2)
