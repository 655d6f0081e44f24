#pragma once
#include "executor.h"
#include "store/directory_store.h"

namespace usersync {

/// Writes a plan into the embedded directory. Runs inside the caller's transaction.
class EmbeddedExecutor : public Executor {
 public:
  explicit EmbeddedExecutor(DirectoryStore& directory) : directory_(directory) {}
  std::string name() const override { return "embedded"; }
  ApplyOutcome apply(const std::vector<Change>& changes, Timestamp now) override;

 private:
  DirectoryStore& directory_;
};

}  // namespace usersync
