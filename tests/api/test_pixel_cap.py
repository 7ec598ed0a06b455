"""The pixel cap at upload: a decompression bomb (a small file announcing a
huge picture) is refused with 422 RESOLUTION_TOO_HIGH before anything is
decoded, so the API's memory stays small. --max-pixels sets the cap."""
import struct
import zlib
from pathlib import Path

import pytest

from support.processes import ApiServer

BOMB_SIDE = 16000  # 256 megapixels: 768 MB as RGB once decoded
RSS_LIMIT_BYTES = 100 * 1024 * 1024


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def zero_png(width: int, height: int) -> bytes:
    """An all-black 8-bit RGB PNG, compressed row by row (never held whole)."""
    compressor = zlib.compressobj(9)
    row = b"\0" * (1 + 3 * width)  # filter byte "none" + pixels
    idat = bytearray()
    for _ in range(height):
        idat += compressor.compress(row)
    idat += compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", bytes(idat)) + png_chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("bomb") / "bomb.png"
    path.write_bytes(zero_png(BOMB_SIDE, BOMB_SIDE))
    return path


def peak_rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmHWM in /proc/<pid>/status")


def test_decompression_bomb_is_refused_without_decoding(alice, api, bomb, state_dir):
    data = bomb.read_bytes()
    assert len(data) < 1_000_000  # small on the wire
    res = alice.upload(data, filename="bomb.png", content_type="image/png")
    assert (res.status, res.error_code) == (422, "RESOLUTION_TOO_HIGH"), res.body[:300]
    assert list((state_dir / "tmp").iterdir()) == []
    assert alice.get("/api/v1/jobs").json()["jobs"] == []
    peak = peak_rss_bytes(api.proc.pid)
    assert peak < RSS_LIMIT_BYTES, f"API peak RSS {peak / 2**20:.0f} MiB"


def test_max_pixels_flag_sets_the_cap(start_api, users, media):
    image = media.jpeg().read_bytes()  # the 512x512 astronaut
    strict = start_api("--max-pixels", str(512 * 512 - 1)).client(users["alice"])
    res = strict.upload(image, filename="astronaut.jpg", content_type="image/jpeg")
    assert (res.status, res.error_code) == (422, "RESOLUTION_TOO_HIGH"), res.body[:300]
    exact = start_api("--max-pixels", str(512 * 512)).client(users["alice"])
    assert exact.upload(image, filename="astronaut.jpg", content_type="image/jpeg").status == 202


def test_max_pixels_must_be_positive(tmp_path, state_dir):
    with pytest.raises(RuntimeError, match="exited with 2"):
        ApiServer(state_dir, tmp_path / "api.log", ["--max-pixels", "0"])
