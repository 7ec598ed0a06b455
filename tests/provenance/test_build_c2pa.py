"""scripts/build-c2pa, which scripts/setup runs: on a machine without a Rust
toolchain at the C2PA crate's MSRV it says so clearly and succeeds, so the
product still builds (with provenance "unavailable": tests/provenance
no_sdk_test), and CMake says which way it built."""
import os
import subprocess

from support import paths

SCRIPT = paths.REPO_ROOT / "scripts" / "build-c2pa"


def run_script(tmp_path, path_dirs):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEEPTRACE_")}
    env["PATH"] = os.pathsep.join(str(d) for d in path_dirs)
    env["DEEPTRACE_C2PA_HOME"] = str(tmp_path / "c2pa-home")
    return subprocess.run(["bash", str(SCRIPT)], capture_output=True, text=True, timeout=60, env=env,
                          stdin=subprocess.DEVNULL)


def fake_tool(directory, name, version_line):
    directory.mkdir(exist_ok=True)
    tool = directory / name
    tool.write_text(f"#!/bin/sh\necho '{version_line}'\n")
    tool.chmod(0o755)


def test_without_rust_setup_says_so_and_goes_on(tmp_path):
    proc = run_script(tmp_path, ["/usr/bin", "/bin"])
    assert proc.returncode == 0, proc.stderr
    assert "provenance (C2PA) DISABLED: no Rust toolchain" in proc.stdout
    assert 'reports then say provenance "unavailable"' in proc.stdout
    assert not (tmp_path / "c2pa-home" / "dist").exists()


def test_a_rust_older_than_the_msrv_is_named(tmp_path):
    fake_tool(tmp_path / "bin", "rustc", "rustc 1.80.1 (3f5fd8dd4 2024-08-06)")
    fake_tool(tmp_path / "bin", "cargo", "cargo 1.80.1")
    proc = run_script(tmp_path, [tmp_path / "bin", "/usr/bin", "/bin"])
    assert proc.returncode == 0, proc.stderr
    assert "rustc 1.80.1 is older than 1.88.0, the MSRV of c2pa-c-ffi 0.90.0" in proc.stdout
    assert not (tmp_path / "c2pa-home" / "dist").exists()


def test_cmake_says_when_it_builds_without_the_sdk(tmp_path):
    proc = subprocess.run(["cmake", "-S", str(paths.REPO_ROOT), "-B", str(tmp_path / "build"), "-G", "Ninja",
                           "-DDEEPTRACE_C2PA=OFF", "-DDEEPTRACE_BUILD_TESTS=OFF", "-DDEEPTRACE_BUILD_BENCH=OFF"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert 'Provenance: no C2PA SDK (scripts/build-c2pa); reports will say provenance "unavailable"' in proc.stdout
