#include "store/anchor_store.hpp"

namespace deeptrace {

// The names are part of the API ("state" in batch JSON, ?state= filters) and
// of the stored rows and documents: never rename one.
std::string_view anchor_state_name(AnchorState state) {
  switch (state) {
    case AnchorState::Prepared:
      return "prepared";
    case AnchorState::Submitted:
      return "submitted";
    case AnchorState::Confirmed:
      return "confirmed";
  }
  return "prepared";
}

std::optional<AnchorState> parse_anchor_state(std::string_view name) {
  for (auto state : {AnchorState::Prepared, AnchorState::Submitted, AnchorState::Confirmed}) {
    if (anchor_state_name(state) == name) return state;
  }
  return std::nullopt;
}

}  // namespace deeptrace
