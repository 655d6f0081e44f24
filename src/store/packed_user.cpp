#include "packed_user.h"

#include <algorithm>
#include <cstdint>
#include <stdexcept>

namespace usersync {

namespace {
constexpr unsigned char kVersion = 1;
// Flag bits of the second byte.
constexpr unsigned char kHasActive = 1, kActive = 2, kHasGroups = 4, kSkip = 8;

void put_size(std::string& out, std::size_t n) {
  // LEB128: one byte for the short values that are nearly all of them.
  do {
    unsigned char b = n & 0x7F;
    n >>= 7;
    out.push_back(static_cast<char>(n ? b | 0x80 : b));
  } while (n);
}
void put(std::string& out, std::string_view s) {
  put_size(out, s.size());
  out.append(s);
}
void put_list(std::string& out, const std::vector<std::string>& list) {
  put_size(out, list.size());
  for (const auto& s : list) put(out, s);
}

class Reader {
 public:
  explicit Reader(std::string_view blob) : p_(blob) {}
  unsigned char byte(const char* what) {
    need(1, what);
    auto b = static_cast<unsigned char>(p_.front());
    p_.remove_prefix(1);
    return b;
  }
  std::size_t size(const char* what) {
    std::size_t n = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      auto b = byte(what);
      n |= static_cast<std::size_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return n;
    }
    fail(what);
  }
  std::string text(const char* what) {
    auto n = size(what);
    need(n, what);
    std::string s(p_.substr(0, n));
    p_.remove_prefix(n);
    return s;
  }
  std::vector<std::string> list(const char* what) {
    auto n = size(what);
    need(n, what);  // every item takes at least its length byte
    std::vector<std::string> out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) out.push_back(text(what));
    return out;
  }
  bool done() const { return p_.empty(); }

 private:
  void need(std::size_t n, const char* what) {
    if (p_.size() < n) fail(what);
  }
  [[noreturn]] static void fail(const char* what) {
    throw std::runtime_error(std::string("a staged user is damaged: its ") + what +
                             " is cut short: the database is damaged; restore it from a backup, or start a new "
                             "database (its first run reads every source again)");
  }
  std::string_view p_;
};
}  // namespace

std::string pack_source_user(const SourceUser& u) {
  std::string out;
  out.reserve(64 + u.username.size() * 8);
  out.push_back(static_cast<char>(kVersion));
  unsigned char flags = (u.active ? kHasActive : 0) | (u.active.value_or(false) ? kActive : 0) |
                        (u.groups ? kHasGroups : 0) | (u.skip ? kSkip : 0);
  out.push_back(static_cast<char>(flags));
  put(out, u.username);
  put_size(out, u.attrs.entries().size());
  for (const auto& [name, value] : u.attrs.entries()) {
    put(out, name);
    put(out, value);
  }
  if (u.groups) put_list(out, *u.groups);
  put_list(out, u.reasons);
  put_list(out, u.errors);
  return out;
}

SourceUser unpack_source_user(std::string_view blob) {
  Reader r(blob);
  if (auto v = r.byte("version"); v != kVersion)
    throw std::runtime_error("a staged user was written by another version of usersync (format " + std::to_string(v) +
                             "); start a new database, whose first run reads every source again");
  auto flags = r.byte("flags");
  SourceUser u;
  u.username = r.text("username");
  if (flags & kHasActive) u.active = (flags & kActive) != 0;
  auto n = r.size("attributes");
  u.attrs.reserve(std::min<std::size_t>(n, blob.size()));
  for (std::size_t i = 0; i < n; ++i) {
    auto name = r.text("attribute name");
    u.attrs.set(name, r.text("attribute value"));
  }
  if (flags & kHasGroups) u.groups = r.list("groups");
  u.skip = (flags & kSkip) != 0;
  u.reasons = r.list("reasons");
  u.errors = r.list("errors");
  if (!r.done()) throw std::runtime_error("a staged user is damaged: bytes follow its last field");
  return u;
}

}  // namespace usersync
