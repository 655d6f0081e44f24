#pragma once
#include "executor.h"
#include "store/directory_store.h"

namespace usersync {

/// Writes a plan into the embedded directory, inside the caller's transaction: a failure throws
/// and the caller rolls the whole plan back. A remote run also uses it to mirror each change the
/// target took into the embedded copy.
class EmbeddedExecutor : public Executor {
 public:
  explicit EmbeddedExecutor(DirectoryStore& directory) : directory_(directory) {}
  std::string name() const override { return "embedded"; }
  bool remote() const override { return false; }
  ApplyOutcome apply(const std::vector<Change>& changes, Timestamp now, const Progress& progress = {},
                     const KeepGoing& keep_going = {}) override;
  /// One change, without bumping the directory's version.
  void carry_out(const Change& change, Timestamp now);

 private:
  DirectoryStore& directory_;
};

}  // namespace usersync
