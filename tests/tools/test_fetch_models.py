"""tools/fetch_models.py with a mirror made here: files copied and verified
by sha256, archive members unpacked, a wrong digest refused and nothing
half-written left behind. (The pip path needs PyPI; the build's `models`
target exercises it for the dlib face-recognition models.)"""
import hashlib
import io
import json
import subprocess
import sys
import tarfile
from pathlib import Path

FETCH = Path(__file__).resolve().parents[2] / "tools" / "fetch_models.py"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def tar_with(members: dict) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return out.getvalue()


def fetch(tmp_path, entries, mirror):
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"files": entries}))
    dest = tmp_path / "dest"
    run = subprocess.run([sys.executable, str(FETCH), "--manifest", str(manifest), "--dest", str(dest)],
                         env={"DEEPTRACE_MODEL_MIRROR": str(mirror), "PATH": "/usr/bin:/bin"},
                         capture_output=True, text=True)
    return run, dest


def test_copies_verifies_and_unpacks_listed_members(tmp_path):
    mirror = tmp_path / "mirror"
    (mirror / "pkg").mkdir(parents=True)
    weights = b"weights" * 100
    archive = tar_with({"pkg-1.0/models/a.dat": weights, "pkg-1.0/models/unused.dat": b"x"})
    (mirror / "pkg" / "pkg-1.0.tar.gz").write_bytes(archive)
    (mirror / "plain.bin").write_bytes(b"plain")
    entries = [{"name": "plain", "file": "plain.bin", "url": "https://example.invalid/plain.bin",
                "sha256": sha256(b"plain")},
               {"name": "pkg", "file": "pkg/pkg-1.0.tar.gz", "url": "https://example.invalid/pkg.tar.gz",
                "pypi": "pkg==1.0", "sha256": sha256(archive),
                "extract": {"pkg-1.0/models/a.dat": "pkg/a.dat"}}]
    run, dest = fetch(tmp_path, entries, mirror)
    assert run.returncode == 0, run.stderr
    assert (dest / "plain.bin").read_bytes() == b"plain"
    assert (dest / "pkg" / "a.dat").read_bytes() == weights
    assert not (dest / "pkg" / "unused.dat").exists()
    # A second run finds everything present and changes nothing.
    again, _ = fetch(tmp_path, entries, mirror)
    assert again.returncode == 0, again.stderr
    assert again.stdout.count("present") == 2


def test_a_wrong_digest_fails_and_leaves_no_file(tmp_path):
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    archive = tar_with({"m/a.dat": b"a"})
    (mirror / "pkg.tar.gz").write_bytes(archive)
    entries = [{"name": "pkg", "file": "pkg.tar.gz", "url": "https://example.invalid/pkg.tar.gz",
                "sha256": "0" * 64, "extract": {"m/a.dat": "a.dat"}}]
    run, dest = fetch(tmp_path, entries, mirror)
    assert run.returncode != 0
    assert "sha256 mismatch" in run.stderr
    assert not (dest / "pkg.tar.gz").exists()
    assert not (dest / "a.dat").exists()
    assert not [p for p in dest.rglob("*") if p.is_file()]
