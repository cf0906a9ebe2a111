"""A minimal HTTP client for the benchmarks: cookies, CSRF, sign-in, raw (compressed) bytes."""

import http.client
import re
import secrets
import urllib.parse
from dataclasses import dataclass, field

CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes  # as transferred (compressed if the server compressed it)
    header_bytes: int

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers if k.lower() == name.lower()), "")


@dataclass
class Client:
    base: str
    accept_encoding: str = ""
    cookies: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)  # sent with every request

    def request(
        self,
        method: str,
        path: str,
        data: dict[str, str] | None = None,
        timeout: float = 30,
        files: dict[str, tuple[str, bytes, str]] | None = None,
    ) -> Response:
        url = urllib.parse.urlsplit(self.base)
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)
        headers = {"Host": url.netloc, "Connection": "close", **self.headers}
        if self.accept_encoding:
            headers["Accept-Encoding"] = self.accept_encoding
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body: str | bytes | None = None
        if files:
            boundary = secrets.token_hex(16)
            parts = [
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
                for name, value in (data or {}).items()
            ]
            for name, (filename, content, content_type) in files.items():
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                    f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
                    + content
                    + b"\r\n"
                )
            body = b"".join(parts) + f"--{boundary}--\r\n".encode()
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        elif data is not None:
            body = urllib.parse.urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if body is not None and "csrftoken" in self.cookies:
            headers["X-CSRFToken"] = self.cookies["csrftoken"]
        try:
            connection.request(method, path, body=body, headers=headers)
            raw = connection.getresponse()
            content = raw.read()
            received = raw.getheaders()
        finally:
            connection.close()
        for name, value in received:
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        header_bytes = len(f"HTTP/1.1 {raw.status} {raw.reason}\r\n") + sum(
            len(f"{k}: {v}\r\n") for k, v in received
        )
        return Response(raw.status, received, content, header_bytes + 2)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(
        self,
        path: str,
        data: dict[str, str],
        files: dict[str, tuple[str, bytes, str]] | None = None,
    ) -> Response:
        if "csrftoken" not in self.cookies:
            self.get(path)
        return self.request(
            "POST", path, {"csrfmiddlewaretoken": self.cookies["csrftoken"], **data}, files=files
        )

    def sign_in(self, email: str, password: str) -> None:
        self.get("/accounts/login/")
        response = self.post("/accounts/login/", {"login": email, "password": password})
        if response.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"signing in as {email} failed: {response.status}")
