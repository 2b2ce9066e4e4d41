"""A viewer at the protocol level: opens Streamlit's websocket (`/_stcore/stream`), sends the `rerun_script`
BackMsg a browser sends, and reads ForwardMsgs until `script_finished`. Many of these run in one asyncio
loop, so concurrent viewers measure the server, not twenty browsers on two cores.

Like a browser, a session tells the server which cacheable messages it already holds, so repeated
runs receive references instead of the full payloads.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

DONE = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR}


@dataclass
class RunResult:
    seconds: float
    status: str
    elements: dict[str, int] = field(default_factory=dict)
    exceptions: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    page_not_found: bool = False
    bytes_received: int = 0

    @property
    def ok(self) -> bool:
        return self.status == "FINISHED_SUCCESSFULLY" and not self.exceptions and not self.errors


class StreamlitSession:
    """One viewer's session. Use as `async with StreamlitSession(base) as s: await s.run("ai-datasets")`."""

    def __init__(self, base_url: str, locale: str = "en-US", theme: str = "light"):
        self.url = base_url.replace("http://", "ws://").replace("https://", "wss://").rstrip("/") + "/_stcore/stream"
        self.locale = locale
        self.theme = theme
        self.cached: set[str] = set()
        self.ws = None

    async def __aenter__(self) -> StreamlitSession:
        self.ws = await websockets.connect(self.url, subprotocols=["streamlit"], max_size=None, open_timeout=30)
        return self

    async def __aexit__(self, *exc) -> None:
        await self.ws.close()

    async def run(self, page: str = "", query_string: str = "", timeout: float = 60.0) -> RunResult:
        """Run the app for `page` (its URL path, '' for the default page) and wait for the script to finish."""
        message = BackMsg()
        state = message.rerun_script
        state.query_string = query_string
        state.page_name = page
        state.cached_message_hashes.extend(sorted(self.cached))
        state.context_info.locale = self.locale
        state.context_info.timezone = "Asia/Shanghai"
        state.context_info.timezone_offset = -480
        state.context_info.url = self.url.replace("ws", "http", 1).replace("/_stcore/stream", "/" + page)
        state.context_info.color_scheme = self.theme
        result = RunResult(0.0, "TIMEOUT")
        start = time.perf_counter()
        await self.ws.send(message.SerializeToString())
        deadline = start + timeout
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                break
            data = await asyncio.wait_for(self.ws.recv(), remaining)
            result.bytes_received += len(data)
            forward = ForwardMsg()
            forward.ParseFromString(data)
            if forward.metadata.cacheable and forward.hash:
                self.cached.add(forward.hash)
            kind = forward.WhichOneof("type")
            if kind == "delta":
                _count_delta(forward, result)
            elif kind == "ref_hash":
                result.elements["ref"] = result.elements.get("ref", 0) + 1
            elif kind == "page_not_found":
                result.page_not_found = True
            elif kind == "script_finished" and forward.script_finished in DONE:
                result.status = ForwardMsg.ScriptFinishedStatus.Name(forward.script_finished)
                break
        result.seconds = time.perf_counter() - start
        return result


def _count_delta(forward: ForwardMsg, result: RunResult) -> None:
    delta = forward.delta
    which = delta.WhichOneof("type")
    if which == "new_element":
        element = delta.new_element
        etype = element.WhichOneof("type")
        result.elements[etype] = result.elements.get(etype, 0) + 1
        if etype == "exception":
            result.exceptions.append(f"{element.exception.type}: {element.exception.message}")
        elif etype == "alert" and element.alert.format == Alert.ERROR:
            result.errors.append(element.alert.body)
    elif which == "add_block":
        result.elements["block"] = result.elements.get("block", 0) + 1


async def one_run(base_url: str, page: str = "", query_string: str = "", **kwargs) -> RunResult:
    async with StreamlitSession(base_url, **kwargs) as session:
        return await session.run(page, query_string)


def run_sync(coroutine):
    """Run a coroutine to completion in a thread of its own (safe where an event loop is already running,
    e.g. beside Playwright's synchronous API in the same test session)."""
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
