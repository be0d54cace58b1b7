"""What can go wrong talking to the platform, as errors a supervisor can read and act on.

InvalidRecord (a record that breaks the contract) comes from sorter_app.domain.errors: the file
importer raises it too.
"""

from __future__ import annotations

from sorter_app.domain.errors import UserFacingError


class PlatformError(UserFacingError):
    """Base of every platform-client failure."""

    code = "platform_error"


class PlatformAuthError(PlatformError):
    """401: the token is wrong or expired. Never retried: only a person can fix it."""

    code = "platform_auth_failed"

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(
            f"平台拒绝了访问令牌（401，{path}）：令牌错误或已过期，请主管在设置中更新令牌。",
            f"The platform refused the access token (401, {path}): it is wrong or expired; "
            "a supervisor must update it in the settings.",
        )


class PlatformUnavailable(PlatformError):
    """Transient failures (5xx, 429, timeouts, drops, broken bodies) outlasted the retries."""

    code = "platform_unavailable"

    def __init__(self, path: str, attempts: int, last_cause: str) -> None:
        self.path = path
        self.attempts = attempts
        self.last_cause = last_cause
        super().__init__(
            f"暂时连不上平台（{path}，已尝试 {attempts} 次，最后一次：{last_cause}）。"
            "请检查网络后重试；已导入的数据不受影响。",
            f"The platform is unavailable ({path}, {attempts} attempts, last: {last_cause}). "
            "Check the network and try again; data already imported is unaffected.",
        )


class PlatformTlsError(PlatformError):
    """The server's certificate failed verification: a set-up problem, so not retried."""

    code = "platform_tls_failed"

    def __init__(self, url: str, detail: str) -> None:
        self.url = url
        self.detail = detail
        super().__init__(
            f"平台证书校验失败（{url}）：{detail}。请检查平台地址或配置的 CA 证书文件。",
            f"The platform's TLS certificate failed verification ({url}): {detail}. "
            "Check the platform URL or the configured CA bundle.",
        )


class CaBundleMissing(PlatformError):
    """The configured CA bundle file does not exist; refusing is safer than falling back."""

    code = "ca_bundle_missing"

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(
            f"找不到配置的 CA 证书文件：{path}",
            f"The configured CA bundle file does not exist: {path}",
        )


class InsecureUrl(PlatformError):
    """The platform URL is not https (plain http is allowed only to this machine, for testing)."""

    code = "insecure_url"

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(
            f"平台地址必须使用 https：{url}（http 只允许连接本机，用于测试）。",
            f"The platform URL must use https: {url} (plain http is only allowed to this machine, "
            "for testing).",
        )


class PlatformRejected(PlatformError):
    """A 4xx other than 401, or another answer the client cannot use; not retried.

    `code` is the platform's error code (e.g. `idempotency_key_reused`) when its body gave one,
    else `platform_rejected`; `server_message` is the platform's human text, or the start of a
    non-JSON body.
    """

    code = "platform_rejected"

    def __init__(self, path: str, status: int, error_code: str | None, server_message: str) -> None:
        self.path = path
        self.status = status
        self.error_code = error_code
        self.server_message = server_message
        shown = (
            f"{error_code}: {server_message}"
            if error_code
            else server_message or "无说明 no detail"
        )
        super().__init__(
            f"平台拒绝了请求（{status}，{path}）：{shown}",
            f"The platform rejected the request ({status}, {path}): {shown}",
            code=error_code or None,
        )


class WaveNotClosed(PlatformError):
    """409 wave_not_closed: the wave still takes orders, so its lists are not final yet."""

    code = "wave_not_closed"
    status = 409

    def __init__(self, path: str, server_message: str = "") -> None:
        self.path = path
        self.server_message = server_message
        super().__init__(
            f"波次尚未截单，订单还会变化（{path}）：请在截单后再导入。",
            f"The wave is not closed yet and its orders may still change ({path}): "
            "import it after cutoff.",
        )


class UrlWithoutScheme(InsecureUrl):
    """`127.0.0.1:8765` or `platform.example/api/v1`: the URL lacks `https://` (or `http://`)."""

    code = "url_without_scheme"

    def __init__(self, url: str, suggestion: str) -> None:
        self.url = url
        self.suggestion = suggestion
        PlatformError.__init__(
            self,
            f"平台地址缺少协议（https:// 或 http://）：{url}。请写出协议和基础路径，例如 {suggestion}",
            f"The platform URL has no scheme (https:// or http://): {url}. Give the scheme and "
            f"the base path, e.g. {suggestion}",
        )


class PlatformHostNotFound(PlatformUnavailable):
    """The host name does not resolve (DNS): a typo or no network. Not retried: ten attempts
    would only make the user wait for the same answer."""

    code = "platform_host_not_found"

    def __init__(self, path: str, host: str) -> None:
        self.path = path
        self.host = host
        self.attempts = 1
        self.last_cause = "域名解析失败 host name not found"
        PlatformError.__init__(
            self,
            f"找不到平台主机 {host}（域名解析失败，{path}）：请检查平台地址中的主机名，"
            "以及本机的网络和 DNS 设置。",
            f"The platform host {host} was not found (name resolution failed, {path}): check the "
            "host name in the platform URL, and this computer's network and DNS settings.",
        )


class PlatformPathNotFound(PlatformRejected):
    """404 without a specific error code: most often a base URL missing its path (`/api/v1`)."""

    def __init__(self, url: str, path: str, error_code: str | None, server_message: str) -> None:
        PlatformRejected.__init__(self, path, 404, error_code, server_message)
        self.url = url
        PlatformError.__init__(
            self,
            f"平台没有这个地址（404，{url}）：请检查平台地址的基础路径，"
            "例如 https://platform.example/api/v1 中的 /api/v1。",
            f"The platform has no such address (404, {url}): check the base path of the platform "
            "URL, e.g. /api/v1 in https://platform.example/api/v1.",
            code=error_code or PlatformRejected.code,
        )
