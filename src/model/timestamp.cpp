#include "timestamp.h"

#include <charconv>
#include <chrono>
#include <cstdio>

namespace usersync {

namespace {
bool read_int(std::string_view s, std::size_t& pos, std::size_t digits, int& out) {
  if (pos + digits > s.size()) return false;
  auto r = std::from_chars(s.data() + pos, s.data() + pos + digits, out);
  if (r.ec != std::errc() || r.ptr != s.data() + pos + digits) return false;
  pos += digits;
  return true;
}
}  // namespace

Timestamp Timestamp::system_now() {
  using namespace std::chrono;
  return {std::chrono::duration_cast<std::chrono::seconds>(system_clock::now().time_since_epoch()).count()};
}

std::optional<Timestamp> Timestamp::parse(std::string_view s) {
  using namespace std::chrono;
  std::size_t p = 0;
  int y, mo, d, h = 0, mi = 0, se = 0;
  if (!read_int(s, p, 4, y) || p >= s.size() || s[p++] != '-' || !read_int(s, p, 2, mo) || p >= s.size() ||
      s[p++] != '-' || !read_int(s, p, 2, d))
    return std::nullopt;
  auto ymd = year{y} / month{static_cast<unsigned>(mo)} / day{static_cast<unsigned>(d)};
  if (!ymd.ok()) return std::nullopt;
  std::int64_t offset = 0;
  if (p < s.size()) {
    if (s[p] != 'T' && s[p] != ' ') return std::nullopt;
    ++p;
    if (!read_int(s, p, 2, h) || p >= s.size() || s[p++] != ':' || !read_int(s, p, 2, mi)) return std::nullopt;
    if (p < s.size() && s[p] == ':') {
      ++p;
      if (!read_int(s, p, 2, se)) return std::nullopt;
      if (p < s.size() && (s[p] == '.' || s[p] == ',')) {
        ++p;
        while (p < s.size() && s[p] >= '0' && s[p] <= '9') ++p;
      }
    }
    if (h > 23 || mi > 59 || se > 60) return std::nullopt;
    if (p < s.size()) {
      if (s[p] == 'Z' || s[p] == 'z') {
        ++p;
      } else if (s[p] == '+' || s[p] == '-') {
        int sign = s[p++] == '-' ? -1 : 1, oh, om = 0;
        if (!read_int(s, p, 2, oh)) return std::nullopt;
        if (p < s.size() && s[p] == ':') ++p;
        if (p < s.size() && !read_int(s, p, 2, om)) return std::nullopt;
        offset = sign * (oh * 3600 + om * 60);
      }
    }
    if (p != s.size()) return std::nullopt;
  }
  auto days = sys_days{ymd}.time_since_epoch().count();
  return Timestamp{static_cast<std::int64_t>(days) * 86400 + h * 3600 + mi * 60 + se - offset};
}

std::string Timestamp::iso() const {
  using namespace std::chrono;
  auto days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  auto rest = seconds - days * 86400;
  year_month_day ymd{sys_days{std::chrono::days{days}}};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lldZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long long>(rest / 3600), static_cast<long long>(rest % 3600 / 60),
                static_cast<long long>(rest % 60));
  return buf;
}

}  // namespace usersync
