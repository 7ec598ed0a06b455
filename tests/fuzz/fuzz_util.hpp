#pragma once
// Shared by the libFuzzer harnesses: a per-process scratch file for the
// functions that take a path (sniffing, probing, sampling), and a finding
// that is not an exception or a sanitizer report (a broken invariant).
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace deeptrace::fuzz {

// /dev/shm when there is one (no disk I/O per run), else the temp dir; one
// file per process so parallel jobs (-jobs=N) do not share it. Removed at exit.
inline std::filesystem::path scratch_file(const std::string& name) {
  std::filesystem::path dir = std::filesystem::exists("/dev/shm") ? std::filesystem::path("/dev/shm")
                                                                   : std::filesystem::temp_directory_path();
  static std::filesystem::path path;
  path = dir / ("deeptrace-fuzz-" + name + "-" + std::to_string(getpid()));
  std::atexit([] { std::filesystem::remove(path); });
  return path;
}

inline void write_file(const std::filesystem::path& path, const std::uint8_t* data, std::size_t size) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  if (!out) {
    std::fprintf(stderr, "fuzz: cannot write %s\n", path.c_str());
    std::abort();
  }
}

// A broken invariant: print why and abort, which libFuzzer reports as a
// crash and saves the input.
[[noreturn]] inline void fail(std::string_view why) {
  std::fprintf(stderr, "fuzz: invariant broken: %.*s\n", static_cast<int>(why.size()), why.data());
  std::abort();
}

inline void check(bool ok, std::string_view why) {
  if (!ok) fail(why);
}

}  // namespace deeptrace::fuzz
