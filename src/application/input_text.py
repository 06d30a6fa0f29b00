"""What text a request may carry: identifiers hold no control character, short text only tabs
and line breaks. msgspec checks these patterns while decoding and names the offending field."""

NO_CONTROL = "^[^\\x00-\\x1f\\x7f]*$"
SHORT_TEXT = "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]*$"
PATTERNS = {NO_CONTROL: "a control character", SHORT_TEXT: "a control character other than tab or line break"}
