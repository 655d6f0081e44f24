#pragma once
// One run at a time. A run holds an exclusive lock (flock) on "<database>.lock" and writes who it
// is into that file: pid, host, command and start time. The kernel releases the lock when the
// process ends, however it ends, so a killed run never leaves a stale lock behind; the text in
// the file is only there to name the holder in the message of the run that has to wait.
#include <string>

namespace usersync {

class RunLock {
 public:
  /// Takes the lock of `database`, waiting up to `wait_seconds` (polling, and giving up at once
  /// on SIGINT/SIGTERM). Throws BusyError naming the holder when the wait runs out. An in-memory
  /// database (":memory:") needs no lock.
  RunLock(const std::string& database, const std::string& command, double wait_seconds);
  ~RunLock();
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;

  /// The lock file's path for `database`.
  static std::string path_for(const std::string& database);

 private:
  int fd_ = -1;
};

}  // namespace usersync
