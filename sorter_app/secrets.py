"""Where secrets come from: a command-line flag, then the environment, then the OS credential store.

Secrets are never written to the settings file or to logs.
"""

from __future__ import annotations

import os

from sorter_app.domain.errors import UserFacingError

KEYRING_SERVICE = "hub-sorter"


class SecretMissing(UserFacingError):
    code = "secret_missing"


def _keyring_get(account: str) -> str | None:
    try:
        import keyring
        from keyring.errors import KeyringError, NoKeyringError
    except ImportError:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, account)
    except NoKeyringError:
        return None
    except KeyringError:
        return None


def keyring_available() -> bool:
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return False
    return not isinstance(keyring.get_keyring(), fail.Keyring)


def store_token(hub_id: str, token: str) -> None:
    """Save the platform token in the OS credential store (first-run set-up)."""
    if not keyring_available():
        raise SecretMissing(
            "本机没有可用的系统凭据库，无法保存令牌；请用环境变量 SORTER_API_TOKEN 提供",
            "This machine has no OS credential store; provide the token in SORTER_API_TOKEN",
        )
    import keyring

    keyring.set_password(KEYRING_SERVICE, f"api-token:{hub_id}", token)


def token_from_environment() -> bool:
    """Whether SORTER_API_TOKEN is set: it then wins over a token saved in the credential store."""
    return bool(os.environ.get("SORTER_API_TOKEN"))


def resolve_token(hub_id: str, flag: str | None = None) -> str:
    """The platform token: --token, then SORTER_API_TOKEN, then the OS credential store."""
    token = flag or os.environ.get("SORTER_API_TOKEN") or _keyring_get(f"api-token:{hub_id}")
    if token:
        return token
    where = "" if keyring_available() else "（本机没有系统凭据库 / no OS credential store here）"
    raise SecretMissing(
        f"没有平台令牌：请用 --token 或环境变量 SORTER_API_TOKEN 提供，或在设置中保存{where}",
        f"No platform token: pass --token, set SORTER_API_TOKEN, or save it in set-up{where}",
    )


def resolve_db_password(url_user: str | None) -> str | None:
    """The database password: SORTER_DB_PASSWORD, then the OS credential store."""
    if not url_user:
        return None
    return os.environ.get("SORTER_DB_PASSWORD") or _keyring_get(f"db:{url_user}")
