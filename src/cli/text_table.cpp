#include "cli/text_table.hpp"

#include <algorithm>
#include <sstream>

namespace deeptrace::cli {

std::string text_table(const std::vector<std::vector<std::string>>& rows) {
  if (rows.empty()) return {};
  std::vector<std::size_t> widths(rows.front().size(), 0);
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  std::ostringstream out;
  for (const auto& row : rows) {
    if (row.empty()) {
      out << "\n";
      continue;
    }
    for (std::size_t c = 0; c + 1 < row.size(); ++c) out << row[c] << std::string(widths[c] + 2 - row[c].size(), ' ');
    out << row.back() << "\n";
  }
  return out.str();
}

}  // namespace deeptrace::cli
