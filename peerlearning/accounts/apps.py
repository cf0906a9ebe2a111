from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "peerlearning.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from allauth.mfa import signals

        from peerlearning.accounts import receivers

        # allauth's TOTP and recovery-code flows offer no adapter hook for a change of the
        # second factor, and they are not the project's actions: their signals are the one
        # place to learn of it.
        for signal in (
            signals.authenticator_added,
            signals.authenticator_removed,
            signals.authenticator_reset,
        ):
            signal.connect(receivers.second_factor_changed, dispatch_uid=f"revoke-{id(signal)}")
