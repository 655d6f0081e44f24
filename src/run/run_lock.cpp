#include "run_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <thread>

#include "interrupt.h"
#include "model/errors.h"
#include "model/timestamp.h"

namespace usersync {

namespace {

std::string read_holder(int fd) {
  std::string text(512, '\0');
  auto n = ::pread(fd, text.data(), text.size(), 0);
  text.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  return text;
}

/// "pid N, sync, started T" from the holder's lines "pid=N\nhost=H\ncommand=C\nstarted=T\n".
std::string describe_holder(const std::string& text) {
  auto field = [&](const std::string& key) -> std::string {
    auto at = text.find(key + "=");
    if (at == std::string::npos) return "";
    at += key.size() + 1;
    return text.substr(at, text.find('\n', at) - at);
  };
  if (field("pid").empty()) return "";
  std::string out = "pid " + field("pid");
  if (auto host = field("host"); !host.empty()) out += " on " + host;
  if (auto command = field("command"); !command.empty()) out += ", " + command;
  if (auto started = field("started"); !started.empty()) out += ", started " + started;
  return out;
}

/// 30 as "30", 0.5 as "0.5".
std::string seconds(double s) {
  std::ostringstream out;
  out << s;
  return out.str();
}

}  // namespace

std::string RunLock::path_for(const std::string& database) { return database + ".lock"; }

RunLock::RunLock(const std::string& database, const std::string& command, double wait_seconds) {
  if (database == ":memory:" || database.empty()) return;
  const auto path = path_for(database);
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0) throw InputError(path + ": cannot open the lock file: " + std::strerror(errno));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(wait_seconds);
  while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) {
      int err = errno;
      ::close(fd_);
      throw InputError(path + ": cannot lock: " + std::strerror(err));
    }
    if (pending_interrupt() || std::chrono::steady_clock::now() >= deadline) {
      auto holder = describe_holder(read_holder(fd_));
      ::close(fd_);
      fd_ = -1;
      stop_if_interrupted();
      throw BusyError("another usersync run " + (holder.empty() ? std::string() : "(" + holder + ") ") + "holds " +
                      std::filesystem::path(database).filename().string() + "; waited " + seconds(wait_seconds) +
                      " s (--wait SECONDS to wait longer); nothing was changed");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  char host[256] = "";
  ::gethostname(host, sizeof host - 1);
  std::string text = "pid=" + std::to_string(::getpid()) + "\nhost=" + host + "\ncommand=" + command +
                     "\nstarted=" + Timestamp::system_now().iso() + "\n";
  if (::ftruncate(fd_, 0) == 0 && ::pwrite(fd_, text.data(), text.size(), 0) < 0) {
    // The lock is held either way; the text only helps a waiting run name the holder.
  }
}

RunLock::~RunLock() {
  if (fd_ < 0) return;
  if (::ftruncate(fd_, 0) != 0) {
    // Nothing to do: the stale text is harmless, the lock is what counts.
  }
  ::close(fd_);
}

}  // namespace usersync
