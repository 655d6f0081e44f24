#pragma once
// The plan in the terminal: one line per user who changes, readable at a glance, e.g.
//   + create      hana.sato   (new_in_source)
//   ~ update      eve.muller  email: a@x -> b@x
//   - deactivate  max.weber   (missing_from_sources 4 days >= grace 3)
#include <string>

#include "model/plan.h"

namespace usersync {

/// One user's line, without newline; "" for an unchanged user. With `colour`, the mark and the
/// action carry ANSI colours. Values come from outside (the sources), so control characters are
/// shown escaped: a name cannot move the cursor or change colours of the admin's terminal.
std::string plan_text(const UserResult& result, bool colour);

/// `text` with every control character (C0, DEL) as \xNN and cut to `max` code points with "…".
std::string terminal_safe(const std::string& text, std::size_t max = 60);

}  // namespace usersync
