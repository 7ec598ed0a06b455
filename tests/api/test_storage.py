"""Disk space: stale upload temp files are swept (on start, periodically and
by `deeptrace-admin purge`), and a full disk answers 507
INSUFFICIENT_STORAGE, makes /readyz degraded with a reason, shows in the
metrics and the log, and recovers once space is freed.

Full disks are real: a small tmpfs mounted for the test (we run as root).
Where mounting is not allowed the disk-full cases are skipped with the reason.
"""
import errno
import json
import os
import signal
import socket
import subprocess
import time

import pytest

from support.processes import Admin, ApiServer, wait_for

PROBE_TICK = ("--storage-check-interval-s", "1")


def upload_head(key, length, path="/api/v1/jobs"):
    return (f"POST {path} HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer {key}\r\n"
            f"Content-Type: video/mp4\r\nContent-Length: {length}\r\n\r\n").encode()


def open_upload(server, key, data, sent):
    """Starts a raw upload of `data` and sends only its first `sent` bytes."""
    sock = socket.create_connection((server.host, server.port), timeout=60)
    sock.sendall(upload_head(key, len(data)) + data[:sent])
    return sock


def finish_upload(sock, data, sent):
    sock.sendall(data[sent:])
    reply = b""
    while b"\r\n\r\n" not in reply:
        chunk = sock.recv(65536)
        if not chunk:
            break
        reply += chunk
    sock.close()
    return int(reply.split(b" ", 2)[1])


def part_files(state):
    return sorted((state / "tmp").glob("upload-*.part"))


def make_old(path, seconds=7200):
    old = time.time() - seconds
    os.utime(path, (old, old))


def logged(server, msg):
    return [line for line in server.log_lines() if line.get("msg") == msg]


# --- stale upload temp files ---------------------------------------------------------------


def test_sigkill_during_upload_leaves_no_temp_file_after_restart(start_api, users, state_dir, media):
    data = media.h264_mp4(seconds=10.0, width=640).read_bytes()  # half of it is well past any write buffer
    first = start_api("--temp-max-age-s", "1")
    sock = open_upload(first, users["alice"], data, len(data) // 2)
    leftover = wait_for(lambda: [p for p in part_files(state_dir) if p.stat().st_size > 0], 10,
                        what="the upload's temp file")
    first.stop(signal.SIGKILL)
    sock.close()
    assert part_files(state_dir) == leftover, "SIGKILL left the temp file (the case to recover from)"
    leftover_bytes = leftover[0].stat().st_size

    time.sleep(1.5)  # older than --temp-max-age-s
    someone_elses = state_dir / "tmp" / "upload-fresh-from-another-api.part"
    someone_elses.write_bytes(b"still arriving")
    second = start_api("--temp-max-age-s", "1")
    assert part_files(state_dir) == [someone_elses], "swept on start; a fresh file is not old enough"
    swept = logged(second, "removed stale upload temp files")
    assert swept and (swept[0]["files"], swept[0]["bytes"]) == (1, leftover_bytes), swept
    assert second.client(users["alice"]).upload(data).status == 202


def test_periodic_sweep_spares_uploads_in_progress(start_api, users, state_dir, media):
    server = start_api("--temp-max-age-s", "1", "--temp-sweep-interval-s", "1", "--request-timeout-s", "30")
    stale = state_dir / "tmp" / "upload-0123456789abcdef.part"
    stale.write_bytes(b"x" * 1000)
    make_old(stale)
    wait_for(lambda: not stale.exists(), 10, what="the periodic sweep")

    data = media.h264_mp4().read_bytes()
    sock = open_upload(server, users["alice"], data, len(data) // 2)
    in_progress = wait_for(lambda: part_files(state_dir), 10, what="the upload's temp file")
    make_old(in_progress[0])  # looks abandoned by age alone
    time.sleep(3)  # several sweeps
    assert part_files(state_dir) == in_progress, "an upload in progress lost its temp file"
    assert finish_upload(sock, data, len(data) // 2) == 202
    assert part_files(state_dir) == []


def test_admin_purge_removes_stale_temp_files(admin, state_dir):
    admin.run("stats")  # creates the state directory's layout
    (state_dir / "tmp").mkdir(exist_ok=True)
    stale = state_dir / "tmp" / "upload-aaaaaaaaaaaaaaaa.part"
    fresh = state_dir / "tmp" / "upload-bbbbbbbbbbbbbbbb.part"
    stale.write_bytes(b"s" * 5000)
    fresh.write_bytes(b"f")
    make_old(stale)
    out = json.loads(admin.run("purge", "--older-than-days", "30", "--temp-max-age-s", "600").stdout)
    assert out["temp_files_removed"] == 1 and out["temp_bytes_removed"] == 5000
    assert not stale.exists() and fresh.exists()
    # The default age is an hour: a fresh file stays.
    out = json.loads(admin.run("purge", "--older-than-days", "30").stdout)
    assert out["temp_files_removed"] == 0 and fresh.exists()


# --- a full disk ---------------------------------------------------------------------------


@pytest.fixture
def small_fs(tmp_path):
    """Factory: small_fs(megabytes) -> a freshly mounted tmpfs of that size."""
    mounts = []

    def mount(megabytes):
        where = tmp_path / f"tmpfs-{len(mounts)}"
        where.mkdir()
        proc = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={megabytes}m,mode=0755", "tmpfs", str(where)],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here (needs root / CAP_SYS_ADMIN): {proc.stderr.strip()}")
        mounts.append(where)
        return where

    yield mount
    for where in mounts:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def fill(directory):
    """Writes a filler file until the filesystem is full; returns its path."""
    filler = directory / "filler"
    block = b"\0" * (64 * 1024)
    with open(filler, "wb", buffering=0) as f:
        try:
            while True:
                f.write(block)
        except OSError as e:
            assert e.errno == errno.ENOSPC, e
    # Whole blocks no longer fit; fill the last bytes too.
    with open(filler, "ab", buffering=0) as f:
        for size in (4096, 512, 1):
            try:
                while True:
                    f.write(b"\0" * size)
            except OSError:
                pass
    return filler


def metric(server, name):
    body = server.client().get("/metrics").body.decode()
    for line in body.splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{name} not in /metrics")


def readiness(server):
    res = server.client().get("/readyz")
    return res.status, res.json()


def test_full_disk_answers_507_and_readiness_recovers(small_fs, tmp_path, media):
    state = small_fs(24)
    key = Admin(state).add_user("alice")
    server = ApiServer(state, tmp_path / "api.log", ["--min-free-bytes", "0", *PROBE_TICK])
    try:
        alice = server.client(key)
        data = media.h264_mp4().read_bytes()
        assert readiness(server)[0] == 200
        filler = fill(state)

        res = alice.upload(data)
        assert (res.status, res.error_code) == (507, "INSUFFICIENT_STORAGE"), res.body[:300]
        assert res.header("retry-after")
        assert part_files(state) == [], "the failed upload's temp file was removed"
        status, body = readiness(server)
        assert status == 507 and body["status"] == "degraded", body
        assert body["error"]["code"] == "INSUFFICIENT_STORAGE"
        assert any("no space" in reason.lower() for reason in body["reasons"]), body
        assert metric(server, "deeptrace_storage_degraded") == 1
        assert metric(server, "deeptrace_storage_full_errors_total") >= 1
        degraded = logged(server, "storage degraded")
        assert degraded and degraded[0]["level"] == "warn" and degraded[0]["reasons"], degraded
        time.sleep(2.5)  # probes while still full do not clear it
        assert readiness(server)[0] == 507

        filler.unlink()
        wait_for(lambda: readiness(server)[0] == 200, 15, what="readiness to recover")
        assert metric(server, "deeptrace_storage_degraded") == 0
        assert logged(server, "storage recovered")
        assert alice.upload(data).status == 202
    finally:
        server.stop()


def test_full_database_answers_507(small_fs, tmp_path, media):
    """The database on its own (full) volume, media beside it with room:
    SQLITE_FULL is the same 507, not 503 STORE_UNAVAILABLE."""
    db_dir = small_fs(8)
    store_url = f"sqlite:{db_dir / 'deeptrace.db'}"
    state = tmp_path / "state"
    key = Admin(state, store_url=store_url).add_user("alice")
    server = ApiServer(state, tmp_path / "api.log", ["--min-free-bytes", "0", "--limit-uploads-per-minute", "0", *PROBE_TICK],
                       store_url=store_url)
    try:
        alice = server.client(key)
        data = media.h264_mp4().read_bytes()
        assert alice.upload(data).status == 202
        filler = fill(db_dir)
        # The write-ahead log may still have room from earlier writes: keep
        # writing until it needs a new page.
        codes = []
        for _ in range(200):
            res = alice.upload(data)
            codes.append((res.status, res.error_code))
            if res.status != 202:
                break
        assert codes[-1] == (507, "INSUFFICIENT_STORAGE"), codes[-3:]
        status, body = readiness(server)
        assert status == 507 and body["status"] == "degraded", body
        filler.unlink()
        wait_for(lambda: readiness(server)[0] == 200, 15, what="readiness to recover")
        assert alice.upload(data).status in (200, 202)
    finally:
        server.stop()


def test_low_free_space_makes_readiness_degraded(small_fs, tmp_path):
    state = small_fs(16)
    Admin(state).add_user("alice")
    server = ApiServer(state, tmp_path / "api.log", ["--min-free-bytes", str(8 << 20), *PROBE_TICK])
    try:
        assert readiness(server)[0] == 200
        assert 8 << 20 < metric(server, 'deeptrace_storage_free_bytes{volume="state"}') <= 16 << 20
        ballast = state / "ballast"
        ballast.write_bytes(b"\0" * (12 << 20))  # leaves under 8 MiB
        status, body = readiness(server)
        assert status == 507 and body["status"] == "degraded", body
        assert any("below" in reason for reason in body["reasons"]), body
        assert metric(server, "deeptrace_storage_degraded") == 1
        ballast.unlink()
        wait_for(lambda: readiness(server)[0] == 200, 15, what="readiness to recover")
    finally:
        server.stop()


def test_free_space_threshold_is_configurable(start_api, users):
    server = start_api("--min-free-bytes", str(1 << 62))
    status, body = readiness(server)
    assert status == 507 and body["error"]["code"] == "INSUFFICIENT_STORAGE"
    assert any("below" in reason for reason in body["reasons"]), body
    # Degraded readiness is advice to the load balancer, not a refusal:
    # the server is alive and still answers.
    assert server.client().get("/healthz").status == 200
    assert server.client(users["alice"]).get("/api/v1/me").status == 200
