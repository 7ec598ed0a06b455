"""What every model converter in tools/ shares: file digests, the up-to-date
check the build relies on, the catalogue file write, and loading an upstream
model definition from the fetched files (never from this repository)."""
import hashlib
import importlib.util
import json
import os


def sha256_of(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def up_to_date(inputs, outputs):
    """Every output exists and is newer than every input."""
    if not all(os.path.exists(p) for p in outputs):
        return False
    return min(os.path.getmtime(p) for p in outputs) >= max(os.path.getmtime(p) for p in inputs)


def write_catalogue(path, list_name, entries):
    """Writes {list_name: entries} atomically: a reader never sees half a file."""
    with open(path + ".tmp", "w") as f:
        json.dump({list_name: entries}, f, indent=2)
    os.replace(path + ".tmp", path)


def manifest_entries_converted_to(manifest_path, converter):
    """The manifest entries with "convert": {"to": converter, ...}, each with
    its convert block; raises when there is none (the list lives there only)."""
    with open(manifest_path) as f:
        files = json.load(f)["files"]
    entries = [(entry, entry["convert"]) for entry in files if (entry.get("convert") or {}).get("to") == converter]
    if not entries:
        raise RuntimeError(f"{manifest_path}: no entry converts to {converter}")
    return entries


def load_module(path, module_name):
    """Imports a fetched upstream .py file (a model definition) by path."""
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
