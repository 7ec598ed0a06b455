#pragma once
// Reports stored before report_version existed (version 1) keep rendering:
// readers upgrade them here, in one place, and then read version 2 only.
// The API still serves stored reports verbatim (anchored digests cover the
// stored bytes), so this runs in clients, never on the server's copy.
#include <nlohmann/json.hpp>

namespace deeptrace::report {

// A version-1 report (no report_version) in the shape of version 2. A report
// that already has report_version comes back unchanged.
nlohmann::json upgrade_legacy_report(const nlohmann::json& v1);

}  // namespace deeptrace::report
