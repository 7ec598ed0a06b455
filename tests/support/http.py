"""A small HTTP client for the DeepTrace API: JSON, multipart, raw sockets, SSE."""
import http.client
import json
import socket
import uuid
from dataclasses import dataclass, field
from typing import Dict, Iterator, List, Optional, Tuple


@dataclass
class Response:
    status: int
    headers: Dict[str, str]
    body: bytes

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    @property
    def error_code(self) -> Optional[str]:
        """The stable error code of a JSON error response, else None."""
        try:
            return self.json()["error"]["code"]
        except (ValueError, KeyError, TypeError):
            return None

    def header(self, name: str) -> Optional[str]:
        return self.headers.get(name.lower())


def encode_multipart(fields: Dict[str, str], files: List[Tuple[str, str, bytes, str]],
                     boundary: Optional[str] = None) -> Tuple[bytes, str]:
    """Encodes form fields and (field, filename, data, content_type) files.

    Returns (body, content_type header value).
    """
    boundary = boundary or "dt" + uuid.uuid4().hex
    out = bytearray()
    for name, value in fields.items():
        out += f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n".encode()
        out += str(value).encode() + b"\r\n"
    for name, filename, data, ctype in files:
        quoted = filename.replace("\\", "\\\\").replace('"', '\\"')
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; "
                f"filename=\"{quoted}\"\r\nContent-Type: {ctype}\r\n\r\n").encode("utf-8", "surrogateescape")
        out += data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out), f"multipart/form-data; boundary={boundary}"


@dataclass
class SseEvent:
    event: str
    data: str
    comments: List[str] = field(default_factory=list)

    def json(self):
        return json.loads(self.data)


class EventStream:
    """Reads Server-Sent Events from an open response until the server closes."""

    def __init__(self, conn: http.client.HTTPConnection, response: http.client.HTTPResponse):
        self.conn = conn
        self.response = response
        self.status = response.status
        self.headers = {k.lower(): v for k, v in response.getheaders()}
        self.keepalives = 0

    def __iter__(self) -> Iterator[SseEvent]:
        event, data = "message", []
        while True:
            raw = self.response.readline()
            if not raw:
                return
            line = raw.decode("utf-8").rstrip("\r\n")
            if line == "":
                if data:
                    yield SseEvent(event, "\n".join(data))
                event, data = "message", []
            elif line.startswith(":"):
                self.keepalives += 1
            elif line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].lstrip())

    def close(self):
        self.conn.close()


class ApiClient:
    """HTTP client bound to one server and (optionally) one API key."""

    def __init__(self, host: str, port: int, key: Optional[str] = None, timeout: float = 60.0):
        self.host, self.port, self.key, self.timeout = host, port, key, timeout

    def with_key(self, key: Optional[str]) -> "ApiClient":
        return ApiClient(self.host, self.port, key, self.timeout)

    def _headers(self, extra: Optional[Dict[str, str]]) -> Dict[str, str]:
        headers = {}
        if self.key is not None:
            headers["Authorization"] = f"Bearer {self.key}"
        headers.update(extra or {})
        return headers

    def request(self, method: str, path: str, body: Optional[bytes] = None,
                headers: Optional[Dict[str, str]] = None) -> Response:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            conn.request(method, path, body=body, headers=self._headers(headers))
            res = conn.getresponse()
            return Response(res.status, {k.lower(): v for k, v in res.getheaders()}, res.read())
        finally:
            conn.close()

    def get(self, path: str, **kw) -> Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, body: Optional[bytes] = None, **kw) -> Response:
        return self.request("POST", path, body=body, **kw)

    def upload(self, data: bytes, filename: str = "clip.mp4", fields: Optional[Dict[str, str]] = None,
               headers: Optional[Dict[str, str]] = None, content_type: str = "video/mp4") -> Response:
        """POST /api/v1/jobs as multipart/form-data with a `file` part."""
        body, ctype = encode_multipart(fields or {}, [("file", filename, data, content_type)])
        return self.post("/api/v1/jobs", body, headers={"Content-Type": ctype, **(headers or {})})

    def upload_raw(self, data: bytes, content_type: str = "video/mp4", query: str = "",
                   headers: Optional[Dict[str, str]] = None) -> Response:
        """POST /api/v1/jobs with the video as the whole body."""
        path = "/api/v1/jobs" + (f"?{query}" if query else "")
        return self.post(path, data, headers={"Content-Type": content_type, **(headers or {})})

    def events(self, job_id: str) -> EventStream:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        conn.request("GET", f"/api/v1/jobs/{job_id}/events", headers=self._headers({"Accept": "text/event-stream"}))
        return EventStream(conn, conn.getresponse())

    def raw_exchange(self, head: bytes, body_parts: List[bytes], shutdown_write: bool = False) -> Response:
        """Sends bytes verbatim over a socket and parses whatever answer comes.

        For requests http.client refuses to send: lying Content-Length, bodies
        cut short, oversize streams. Send errors (the server closing early)
        are tolerated; the answer is read until the server closes.
        """
        sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
        try:
            try:
                sock.sendall(head)
                for part in body_parts:
                    sock.sendall(part)
                if shutdown_write:
                    sock.shutdown(socket.SHUT_WR)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return parse_raw_response(read_until_close(sock))
        finally:
            sock.close()


def read_until_close(sock: socket.socket) -> bytes:
    chunks = []
    while True:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def parse_raw_response(raw: bytes) -> Response:
    if not raw:
        return Response(0, {}, b"")
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        body = body[: int(headers["content-length"])]
    return Response(status, headers, body)
