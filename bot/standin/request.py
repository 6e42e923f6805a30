"""A PTB networking backend that talks to the in-process stand-in instead of api.telegram.org."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from telegram._utils.types import ODVInput
from telegram.request import BaseRequest, RequestData

from bot.standin.model import JSONDict
from bot.standin.spec import Upload

if TYPE_CHECKING:
    from bot.standin.server import FakeTelegram


class StandInRequest(BaseRequest):
    """Hand each Bot API request PTB makes to a FakeTelegram and return its answer."""

    __slots__ = ("_read_timeout", "_server")

    def __init__(self, server: FakeTelegram, *, read_timeout: float | None = 5.0) -> None:
        self._server = server
        self._read_timeout = read_timeout

    @property
    def read_timeout(self) -> float | None:
        """Return the default read timeout PTB adds to getUpdates' long-poll timeout."""
        return self._read_timeout

    async def initialize(self) -> None:
        """Open nothing: there is no connection pool."""

    async def shutdown(self) -> None:
        """Close nothing: there is no connection pool."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Route a method call or a file download to the server."""
        kind, name = parse_bot_api_url(url)
        if kind == "file":
            return self._server.download(name)
        params, uploads = read_request_data(request_data)
        status, body = await self._server.handle(name, params, uploads)
        return status, json.dumps(body, ensure_ascii=False).encode("utf-8")


def parse_bot_api_url(url: str) -> tuple[str, str]:
    """Split `…/bot<token>/<method>` into ("method", name), `…/file/bot<token>/<path>` into ("file", path)."""
    segments = urlsplit(url).path.split("/")
    for index, segment in enumerate(segments):
        if segment.startswith("bot") and index + 1 < len(segments):
            rest = "/".join(segments[index + 1 :])
            if index > 0 and segments[index - 1] == "file":
                return "file", unquote(rest)
            return "method", rest
    # A base_url without the bot<token> segment: the method is what comes last.
    return "method", segments[-1]


def read_request_data(request_data: RequestData | None) -> tuple[JSONDict, dict[str, Upload]]:
    """Return the parameters as Telegram would decode them, and the uploaded file parts."""
    if request_data is None:
        return {}, {}
    # Round-trip through JSON like the wire does, so tuples become lists and nothing unserialisable hides.
    encoded = request_data.json_parameters
    params: JSONDict = {
        name: value if isinstance(value, str) else json.loads(encoded[name])
        for name, value in request_data.parameters.items()
    }
    uploads: dict[str, Upload] = {}
    if request_data.contains_files:
        for part, (filename, content, mimetype) in request_data.multipart_data.items():
            data = content if isinstance(content, bytes) else content.read()
            uploads[part] = Upload(filename=filename, content=data, mimetype=mimetype)
    return params, uploads
