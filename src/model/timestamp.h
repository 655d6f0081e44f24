#pragma once
// Time in whole seconds since the Unix epoch, UTC. Every clock in a run comes from `--now`,
// so nothing here reads the system time except `Timestamp::system_now`, called once by the CLI.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace usersync {

struct Timestamp {
  std::int64_t seconds = 0;

  static Timestamp system_now();
  /// ISO 8601: "2026-11-22", "2026-11-22T09:00", "2026-11-22T09:00:00Z", "…+02:00", "… 09:00:00",
  /// optional fractional seconds (dropped). A time without zone is taken as UTC.
  static std::optional<Timestamp> parse(std::string_view text);
  /// "2026-11-22T09:00:00Z"
  std::string iso() const;
  /// Whole days from `earlier` to this time, rounded down.
  std::int64_t days_since(Timestamp earlier) const { return (seconds - earlier.seconds) / 86400; }

  auto operator<=>(const Timestamp&) const = default;
};

}  // namespace usersync
