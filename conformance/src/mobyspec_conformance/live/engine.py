"""A Docker Engine API client over a private unix socket (httpx's UDS transport): what live runs need.

Only unix sockets: mobyspec never talks to an engine over TCP. Every error is an :class:`EngineError`
carrying the engine's own message; an engine that does not answer is :class:`EngineUnreachable`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

import httpx

Json = Any

#: The API version every request names: 1.41 is dockerd 20.10's, and podman 4.3's compat API accepts it.
API_VERSION = "1.41"
#: Seconds for one API call (image loads and daemon restarts are the slow ones).
DEFAULT_TIMEOUT = 60.0


class EngineError(Exception):
    """The engine answered an API call with an error status; ``message`` is its own text."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"HTTP {status}: {message}")
        self.status = status
        self.message = message


class EngineUnreachable(Exception):  # noqa: N818 - named for what happened, like BuilderUnusable
    """Nothing answers on the socket (absent, refused, or the engine died)."""


def socket_path(url: str) -> str:
    """The path of a ``unix:///path/to.sock`` URL; ValueError for anything else (no TCP, ever)."""
    parts = urlsplit(url)
    if parts.scheme != "unix" or parts.netloc or not parts.path.startswith("/"):
        raise ValueError(f"{url!r} is not a unix socket URL such as unix:///run/docker.sock")
    return parts.path


class Engine:
    """One engine's API on a unix socket."""

    def __init__(self, path: str, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.path = path
        self._client = httpx.Client(
            transport=httpx.HTTPTransport(uds=path),
            base_url=f"http://engine/v{API_VERSION}",
            timeout=timeout,
        )

    def close(self) -> None:
        """Drop the connections."""
        self._client.close()

    def _call(self, method: str, url: str, **kwargs: Any) -> httpx.Response:  # noqa: ANN401 - httpx's keywords
        try:
            response = self._client.request(method, url, **kwargs)
        except httpx.TransportError as err:
            raise EngineUnreachable(f"{self.path}: {type(err).__name__}: {err}") from None
        if response.status_code >= 400:
            try:
                message = str(response.json().get("message", response.text))
            except ValueError:
                message = response.text.strip()
            raise EngineError(response.status_code, message)
        return response

    def ping(self) -> str:
        """``GET /_ping``: the answer text (``OK``)."""
        return self._call("GET", "/_ping").text

    def info(self) -> Json:
        """``GET /info``."""
        return self._call("GET", "/info").json()

    def version(self) -> Json:
        """``GET /version``."""
        return self._call("GET", "/version").json()

    def load_image(self, tar: bytes) -> None:
        """``POST /images/load`` of a ``docker save`` tar; EngineError when the stream reports an error."""
        response = self._call(
            "POST",
            "/images/load",
            params={"quiet": "1"},
            content=tar,
            headers={"Content-Type": "application/x-tar"},
        )
        if '"error"' in response.text:
            raise EngineError(response.status_code, response.text.strip())

    def image_exists(self, name: str) -> bool:
        """``GET /images/NAME/json`` answered 200."""
        try:
            self._call("GET", f"/images/{quote(name, safe='')}/json")
        except EngineError as err:
            if err.status == 404:
                return False
            raise
        return True

    def create(self, body: Json, name: str | None = None) -> str:
        """``POST /containers/create``: the new container's ID."""
        params = {"name": name} if name else None
        return str(self._call("POST", "/containers/create", params=params, json=body).json()["Id"])

    def start(self, container_id: str) -> None:
        """``POST /containers/ID/start`` (with the capture runtime it always fails: EngineError)."""
        self._call("POST", f"/containers/{container_id}/start")

    def inspect(self, container_id: str) -> Json:
        """``GET /containers/ID/json``."""
        return self._call("GET", f"/containers/{container_id}/json").json()

    def remove(self, container_id: str) -> None:
        """``DELETE /containers/ID?force=1&v=1``; a container already gone is fine."""
        try:
            self._call("DELETE", f"/containers/{container_id}", params={"force": "1", "v": "1"})
        except EngineError as err:
            if err.status != 404:
                raise
