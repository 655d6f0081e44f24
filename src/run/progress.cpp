#include "progress.h"

namespace usersync {

namespace {
ProgressListener& listener() {
  static ProgressListener current;
  return current;
}
}  // namespace

ProgressScope::ProgressScope(ProgressListener l) { listener() = std::move(l); }
ProgressScope::~ProgressScope() { listener() = nullptr; }

void progress(std::string_view step, std::int64_t count, bool done) {
  if (auto& l = listener()) l(step, count, done);
}

}  // namespace usersync
