#include "report_schema_check.hpp"

#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <sys/wait.h>

namespace deeptrace::testing {
namespace {

// A temporary file holding `text`, removed when it goes out of scope.
class TempJsonFile {
 public:
  explicit TempJsonFile(const std::string& text) {
    std::string pattern = (std::filesystem::temp_directory_path() / "deeptrace-report-XXXXXX").string();
    int fd = mkstemp(pattern.data());
    if (fd < 0) throw std::runtime_error("mkstemp failed");
    close(fd);
    path_ = pattern;
    std::ofstream(path_) << text;
  }
  ~TempJsonFile() { std::filesystem::remove(path_); }
  TempJsonFile(const TempJsonFile&) = delete;
  TempJsonFile& operator=(const TempJsonFile&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// A shell command line of single-quoted words (the paths hold no quotes).
std::string command_line(const std::vector<std::string>& words) {
  std::string line;
  for (const auto& word : words) line.append(" '").append(word).append("'");
  return line.append(" 2>&1");
}

}  // namespace

::testing::AssertionResult matches_report_schema(const nlohmann::json& document, const std::string& definition) {
  TempJsonFile file(document.dump());
  std::vector<std::string> words = {DEEPTRACE_PYTHON, DEEPTRACE_SOURCE_DIR "/tests/support/validate_json.py",
                                    DEEPTRACE_SOURCE_DIR "/docs/report.schema.json", file.path().string()};
  if (!definition.empty()) words.push_back(definition);
  std::string command = command_line(words);
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return ::testing::AssertionFailure() << "cannot run " << command;
  std::string output;
  std::array<char, 4096> buffer{};
  while (size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) output.append(buffer.data(), n);
  int status = pclose(pipe);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << (definition.empty() ? "report" : definition)
                                       << " does not match docs/report.schema.json:\n"
                                       << output;
}

}  // namespace deeptrace::testing
