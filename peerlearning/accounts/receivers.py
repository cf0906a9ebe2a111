"""The few allauth signals the project listens to, for lack of an adapter hook or an action."""

from typing import Any

from peerlearning.accounts import actions
from peerlearning.accounts.models import User


def second_factor_changed(sender: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    """A second factor added, removed or reset: API tokens made before no longer work."""
    if not isinstance(user, User):
        return
    kind = getattr(authenticator, "type", "")
    actions.revoke_api_tokens(user, reason=f"second-factor:{kind}")
