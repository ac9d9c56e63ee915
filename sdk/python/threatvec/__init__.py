"""ThreatVec agent SDK: reports an AI agent to a Threatmatic console.

The agent registers itself in the AI asset registry (POST /api/v1/assets) and reports its runs, LLM
calls, tool calls and errors in batches (POST /api/v1/agents/{id}/events) from a daemon thread. Recording
is a deque append under a lock: the agent never waits on the network and never sees an exception from
this module. The buffer is bounded; what it cannot hold is dropped, counted, and owned up to in the next
batch, so the console shows the gap. Standard library only.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from datetime import datetime, timezone
from typing import Any, Callable, Deque, Dict, Iterator, List, Optional

__all__ = ["ThreatVec", "current"]
__version__ = "0.1.0"

_FALSE = {"0", "false", "no", "off"}
_current: Optional["ThreatVec"] = None


def current() -> Optional["ThreatVec"]:
    """The instance ThreatVec.auto() (or the last start()) made, for code that did not keep it."""
    return _current


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _digest(args: Any) -> Optional[str]:
    if args is None:
        return None
    try:
        text = json.dumps(args, sort_keys=True, default=repr, separators=(",", ":"))
    except Exception:  # keys that cannot be sorted, an argument that cannot even be repr'd: its type instead
        text = repr(type(args))
    return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()


class _LlmCall:
    """What `with tv.llm_call(model) as call:` yields: set the token counts once the model answered."""

    def __init__(self) -> None:
        self.input_tokens: Optional[int] = None
        self.output_tokens: Optional[int] = None

    def tokens(self, input: Optional[int] = None, output: Optional[int] = None) -> None:
        self.input_tokens, self.output_tokens = input, output


class ThreatVec:
    """One agent's reporter. Create it, start() it, record, stop() it; or ThreatVec.auto()."""

    def __init__(
        self,
        server_url: Optional[str] = None,
        agent_name: Optional[str] = None,
        org_key: Optional[str] = None,
        *,
        enabled: bool = True,
        owner: Optional[str] = None,
        framework: Optional[str] = None,
        models: Optional[List[str]] = None,
        tools: Optional[List[str]] = None,
        mcp_servers: Optional[List[str]] = None,
        environment: Optional[str] = None,
        flush_interval: float = 1.0,
        heartbeat_interval: float = 30.0,
        batch_size: int = 100,
        max_buffer: int = 10_000,
        timeout: float = 5.0,
    ) -> None:
        self.server_url = (server_url or "").rstrip("/")
        self.agent_name = agent_name
        self.org_key = org_key
        self.enabled = bool(enabled and self.server_url and agent_name)
        self._profile = {k: v for k, v in {"owner": owner, "framework": framework, "models": models, "tools": tools,
                                            "mcp_servers": mcp_servers, "environment": environment}.items() if v is not None}
        self.flush_interval = flush_interval
        self.heartbeat_interval = heartbeat_interval
        self.batch_size = max(1, min(int(batch_size), 1000))
        self.timeout = timeout
        self._buffer: Deque[Dict[str, Any]] = deque()
        self._max_buffer = max(1, int(max_buffer))
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: Optional[threading.Thread] = None
        self.agent_id: Optional[str] = None
        self.sent = 0
        self.dropped = 0
        self._dropped_unreported = 0
        self.last_error: Optional[str] = None
        # The run a thread is in, so concurrent runs in one agent each tag their own calls.
        self._local = threading.local()

    # -- life cycle -------------------------------------------------------------------------------

    @classmethod
    def auto(cls, **kwargs: Any) -> "ThreatVec":
        """Reads THREATVEC_URL, THREATVEC_AGENT_NAME, THREATVEC_ORG_KEY and THREATVEC_ENABLED, starts, and returns the instance.

        With THREATVEC_ENABLED=false, or no URL or agent name, it returns a disabled instance whose
        recording calls do nothing, so the code can stay in place.
        """
        env = os.environ
        enabled = env.get("THREATVEC_ENABLED", "true").strip().lower() not in _FALSE
        tv = cls(server_url=env.get("THREATVEC_URL"), agent_name=env.get("THREATVEC_AGENT_NAME"),
                 org_key=env.get("THREATVEC_ORG_KEY") or None, enabled=enabled, **kwargs)
        tv.start()
        return tv

    def start(self) -> "ThreatVec":
        global _current
        _current = self
        if not self.enabled or self._thread is not None:
            return self
        self._stopping.clear()
        self._thread = threading.Thread(target=self._loop, name="threatvec", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Sends what is buffered (waiting at most `timeout` seconds) and stops the reporter."""
        thread = self._thread
        if thread is None:
            return
        self._stopping.set()
        self._wake.set()
        thread.join(timeout)
        self._thread = None

    def stats(self) -> Dict[str, Any]:
        with self._lock:
            buffered = len(self._buffer)
        return {"agent_id": self.agent_id, "sent": self.sent, "dropped": self.dropped, "buffered": buffered, "last_error": self.last_error}

    # -- recording --------------------------------------------------------------------------------

    def record(self, type: str, **fields: Any) -> None:
        """Queues one event (run_start, run_stop, llm_call, tool_call, error, heartbeat); never blocks, never raises."""
        if not self.enabled:
            return
        # The clock is read here, formatted on the reporter thread: the agent pays for a float only.
        event = {"type": type, "ts": time.time()}
        for k, v in fields.items():
            if v is not None:
                event[k] = v
        with self._lock:
            if len(self._buffer) >= self._max_buffer:
                self.dropped += 1
                self._dropped_unreported += 1
                return
            self._buffer.append(event)
            full = len(self._buffer) >= self.batch_size
        if full:
            self._wake.set()

    def record_tool_call(self, tool: str, server: Optional[str] = None, args: Any = None, outcome: str = "ok",
                         duration_ms: Optional[float] = None, error: Optional[str] = None, run_id: Optional[str] = None,
                         content: Optional[str] = None) -> None:
        self.record("tool_call", tool=tool, server=server, args_digest=_digest(args), outcome=outcome,
                    duration_ms=duration_ms, error=error, run_id=run_id, content=content)

    def record_llm_call(self, model: str, input_tokens: Optional[int] = None, output_tokens: Optional[int] = None,
                        duration_ms: Optional[float] = None, run_id: Optional[str] = None, outcome: str = "ok",
                        error: Optional[str] = None, content: Optional[str] = None) -> None:
        self.record("llm_call", model=model, input_tokens=input_tokens, output_tokens=output_tokens,
                    duration_ms=duration_ms, run_id=run_id, outcome=outcome, error=error, content=content)

    @contextlib.contextmanager
    def run(self, run_id: Optional[str] = None) -> Iterator[str]:
        """`with tv.run():` records run_start and run_stop (and an error event if the run raised)."""
        rid = run_id or hashlib.sha256(os.urandom(16)).hexdigest()[:16]
        outer = getattr(self._local, "run_id", None)
        self._local.run_id = rid
        self.record("run_start", run_id=rid)
        try:
            yield rid
        except BaseException as exc:
            self.record("error", run_id=rid, error=type(exc).__name__)
            raise
        finally:
            self.record("run_stop", run_id=rid)
            self._local.run_id = outer

    @property
    def _run_id(self) -> Optional[str]:
        return getattr(self._local, "run_id", None)

    @contextlib.contextmanager
    def tool_call(self, tool: str, server: Optional[str] = None, args: Any = None) -> Iterator[None]:
        """`with tv.tool_call("send", server="mail", args=...):` records the call, its duration and outcome."""
        start = time.perf_counter()
        try:
            yield
        except BaseException as exc:
            self.record_tool_call(tool, server, args, "error", (time.perf_counter() - start) * 1000, type(exc).__name__, self._run_id)
            raise
        self.record_tool_call(tool, server, args, "ok", (time.perf_counter() - start) * 1000, None, self._run_id)

    @contextlib.contextmanager
    def llm_call(self, model: str) -> Iterator[_LlmCall]:
        """`with tv.llm_call("gpt-4o") as call: ...; call.tokens(input=…, output=…)`."""
        call = _LlmCall()
        start = time.perf_counter()
        try:
            yield call
        except BaseException as exc:
            self.record_llm_call(model, call.input_tokens, call.output_tokens, (time.perf_counter() - start) * 1000, self._run_id, "error", type(exc).__name__)
            raise
        self.record_llm_call(model, call.input_tokens, call.output_tokens, (time.perf_counter() - start) * 1000, self._run_id)

    def tool(self, name: Optional[str] = None, server: Optional[str] = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Decorator: every call of the function is a tool_call (name defaults to the function's)."""
        def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
            tool_name = name or fn.__name__

            @functools.wraps(fn)
            def inner(*args: Any, **kwargs: Any) -> Any:
                if not self.enabled:
                    return fn(*args, **kwargs)
                start = time.perf_counter()
                try:
                    result = fn(*args, **kwargs)
                except BaseException as exc:
                    self.record_tool_call(tool_name, server, (args, kwargs), "error", (time.perf_counter() - start) * 1000, type(exc).__name__, self._run_id)
                    raise
                self.record_tool_call(tool_name, server, (args, kwargs), "ok", (time.perf_counter() - start) * 1000, None, self._run_id)
                return result
            return inner
        return wrap

    # -- the reporter thread ----------------------------------------------------------------------

    def _request(self, method: str, path: str, body: Any) -> Any:
        data = json.dumps(body).encode("utf-8")
        req = urllib.request.Request(self.server_url + path, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        req.add_header("User-Agent", f"threatvec-python/{__version__}")
        if self.org_key:
            req.add_header("X-Org-Key", self.org_key)
        with urllib.request.urlopen(req, timeout=self.timeout) as resp:  # noqa: S310 (the user's own server URL)
            raw = resp.read()
        return json.loads(raw) if raw else None

    def _register(self) -> bool:
        try:
            out = self._request("POST", "/api/v1/assets", {"kind": "agent", "name": self.agent_name, **self._profile})
            self.agent_id = out["asset"]["id"]
            self.last_error = None
            return True
        except Exception as exc:  # server down or refusing: try again later, never raise into the agent
            self.last_error = _describe(exc)
            return False

    def _flush(self) -> bool:
        """Sends one batch; False when the server could not take it (the batch goes back to the front)."""
        with self._lock:
            batch = [self._buffer.popleft() for _ in range(min(self.batch_size, len(self._buffer)))]
            dropped = self._dropped_unreported
            self._dropped_unreported = 0
        for event in batch:
            if isinstance(event["ts"], float):
                event["ts"] = _iso(event["ts"])
        if not batch and not dropped:
            return True
        try:
            self._request("POST", f"/api/v1/agents/{urllib.parse.quote(self.agent_id or '', safe='')}/events", {"events": batch, "dropped": dropped})
            self.sent += len(batch)
            self.last_error = None
            return True
        except urllib.error.HTTPError as exc:
            self.last_error = _describe(exc)
            if 400 <= exc.code < 500 and exc.code not in (401, 403, 404, 408, 429):
                # The server refused this batch as malformed: resending it would fail forever; count it lost.
                with self._lock:
                    self.dropped += len(batch)
                    self._dropped_unreported += dropped + len(batch)
                return True
            if exc.code == 404:
                self.agent_id = None  # the registry lost the agent (a new data folder): register again
        except Exception as exc:
            self.last_error = _describe(exc)
        with self._lock:
            self._buffer.extendleft(reversed(batch))
            self._dropped_unreported += dropped
            while len(self._buffer) > self._max_buffer:
                self._buffer.pop()
                self.dropped += 1
                self._dropped_unreported += 1
        return False

    def _loop(self) -> None:
        backoff = self.flush_interval
        next_heartbeat = time.monotonic()
        while True:
            stopping = self._stopping.is_set()
            if self.agent_id is None and not self._register():
                if stopping:
                    return
                self._wake.wait(min(backoff, 30.0))
                self._wake.clear()
                backoff = min(backoff * 2, 30.0)
                continue
            if time.monotonic() >= next_heartbeat:
                self.record("heartbeat")
                next_heartbeat = time.monotonic() + self.heartbeat_interval
            ok = True
            while ok and self._pending():
                ok = self._flush()
            if stopping:
                return
            backoff = self.flush_interval if ok else min(backoff * 2, 30.0)
            self._wake.wait(backoff)
            self._wake.clear()

    def _pending(self) -> bool:
        with self._lock:
            return bool(self._buffer) or self._dropped_unreported > 0


def _describe(exc: Exception) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        try:
            body = json.loads(exc.read() or b"null")
            message = body.get("error", {}).get("message") if isinstance(body, dict) else None
        except Exception:
            message = None
        return f"HTTP {exc.code}: {message or exc.reason}"
    return f"{type(exc).__name__}: {exc}"
