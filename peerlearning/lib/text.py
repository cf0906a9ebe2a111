"""Text read from people and files."""

from typing import Any


def holds_null(value: Any) -> bool:
    """Whether a value read from JSON holds a NUL character (\\x00) anywhere, in a key or a
    text, however deep: PostgreSQL stores none (it refuses the whole write, a 500 otherwise),
    and no text of the platform needs one."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(holds_null(key) or holds_null(item) for key, item in value.items())
    if isinstance(value, list):
        return any(holds_null(item) for item in value)
    return False
