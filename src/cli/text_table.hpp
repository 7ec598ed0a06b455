#pragma once
// Plain-text tables for the list commands: a header row, then data rows,
// each column padded to its widest cell plus two spaces, the last column
// unpadded (no trailing blanks).
#include <string>
#include <vector>

namespace deeptrace::cli {

std::string text_table(const std::vector<std::vector<std::string>>& rows);

}  // namespace deeptrace::cli
