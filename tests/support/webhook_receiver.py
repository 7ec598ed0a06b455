"""A webhook receiver on loopback for tests, and an independent check of the
Standard Webhooks signature scheme (written from the specification, sharing
no code with the server's C++ signer)."""
import base64
import hashlib
import hmac
import http.server
import json
import threading
import time
from typing import Callable, Dict, List, Optional


def standard_webhooks_signature(secret: str, msg_id: str, timestamp: str, body: bytes) -> str:
    assert secret.startswith("whsec_"), secret
    key = base64.b64decode(secret[len("whsec_"):])
    signed = msg_id.encode() + b"." + timestamp.encode() + b"." + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def verify(secret: str, headers: Dict[str, str], body: bytes, tolerance_s: float = 300) -> None:
    """Raises AssertionError unless the delivery is signed with `secret` and fresh."""
    msg_id, timestamp = headers["webhook-id"], headers["webhook-timestamp"]
    assert abs(time.time() - int(timestamp)) <= tolerance_s, f"stale timestamp {timestamp}"
    expected = standard_webhooks_signature(secret, msg_id, timestamp, body)
    offered = headers["webhook-signature"].split(" ")
    assert any(hmac.compare_digest(expected, s) for s in offered), (expected, offered)


class Delivery:
    def __init__(self, path: str, headers: Dict[str, str], body: bytes):
        self.path, self.headers, self.body = path, headers, body

    def json(self):
        return json.loads(self.body)


class Receiver:
    """Records every POST; `answer(attempt_number)` gives (status, extra headers)."""

    def __init__(self, answer: Callable[[int], tuple] = lambda n: (204, {})):
        self.answer = answer
        self.deliveries: List[Delivery] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with receiver._lock:
                    receiver.deliveries.append(
                        Delivery(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                    status, extra = receiver.answer(len(receiver.deliveries))
                self.send_response(status)
                for name, value in extra.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def received(self, path: Optional[str] = None) -> List[Delivery]:
        with self._lock:
            return [d for d in self.deliveries if path is None or d.path == path]

    def close(self):
        self.server.shutdown()
        self.server.server_close()
