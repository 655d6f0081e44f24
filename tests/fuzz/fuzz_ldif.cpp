// LDIF as the importer will read it: TextSource (BOM, UTF-16) then LdifReader over every entry,
// with the real limits and with tiny ones the fuzzer can reach. A UTF-8 input that TextSource
// reads must read the same through the std::istream constructor. Every DN and value goes through
// the ldap_values helpers, whose contract for bad input is std::invalid_argument.
#include <cstdint>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "fuzz_util.h"
#include "importers/ldap_values.h"
#include "importers/ldif_importer.h"
#include "importers/ldif_reader.h"
#include "importers/text_source.h"
#include "model/text.h"

using namespace usersync;

namespace {

template <class F>
void allow_invalid_argument(F&& f) {
  try {
    f();
  } catch (const std::invalid_argument&) {
  }
}

bool is_lower_hex(const std::string& s) {
  if (s.size() % 2) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

void check_dn(const std::string& dn) {
  allow_invalid_argument([&] {
    auto pairs = parse_dn(dn);
    for (const auto& [type, value] : pairs)
      if (type.empty() || find_invalid_utf8(value) != std::string::npos || value.find('\0') != std::string::npos)
        fuzz::finding("parse_dn returned an empty type, or a value that is not UTF-8 or holds NUL");
    if (!pairs.empty() && first_rdn_value(dn) != pairs.front().second)
      fuzz::finding("first_rdn_value disagrees with parse_dn");
  });
}

void check_entry(const LdifEntry& e, const LdifLimits& limits) {
  if (find_invalid_utf8(e.dn) != std::string::npos || e.dn.find('\0') != std::string::npos)
    fuzz::finding("a DN that is not UTF-8 text");
  if (e.attributes.size() > limits.max_attributes) fuzz::finding("more attributes than max_attributes");
  check_dn(e.dn);
  std::size_t bytes = e.dn.size();
  std::int64_t line = e.line;
  for (const auto& a : e.attributes) {
    if (a.line <= line) fuzz::finding("attribute lines do not increase after the DN's line");
    line = a.line;
    bytes += a.name.size() + a.value.size();
    if (a.name.empty()) fuzz::finding("an attribute without a name");
    if (is_binary_attribute(a.name) ? !is_lower_hex(a.value) : find_invalid_utf8(a.value) != std::string::npos)
      fuzz::finding("a binary value that is not lowercase hex, or a text value that is not UTF-8");
    allow_invalid_argument([&] {
      auto r = parse_ranged_attribute(a.name);
      auto pair = ranged_attribute(a.name);
      if (r.has_value() != pair.has_value() || (r && (r->first != pair->second || (r->last && *r->last < r->first))))
        fuzz::finding("ranged_attribute and parse_ranged_attribute disagree, or a range ends before it starts");
    });
    allow_invalid_argument([&] { (void)filetime_to_unix_seconds(a.value); });
    allow_invalid_argument([&] { (void)ad_account_disabled(a.value); });
    check_dn(a.value);
  }
  if (bytes > limits.max_entry_bytes) fuzz::finding("an entry larger than max_entry_bytes");
}

std::vector<LdifEntry> read_entries(LdifReader& reader, const LdifLimits& limits) {
  std::vector<LdifEntry> entries;  // fuzz inputs are small; the reader itself never holds more than one
  while (auto e = reader.next()) {
    check_entry(*e, limits);
    entries.push_back(std::move(*e));
  }
  if (const auto& failed = reader.failed_result(); failed && failed->line < 1) fuzz::finding("a result without a line");
  return entries;
}

bool same(const std::vector<LdifEntry>& a, const std::vector<LdifEntry>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].dn != b[i].dn || a[i].line != b[i].line || a[i].attributes.size() != b[i].attributes.size()) return false;
    for (std::size_t k = 0; k < a[i].attributes.size(); ++k) {
      const auto &x = a[i].attributes[k], &y = b[i].attributes[k];
      if (x.name != y.name || x.value != y.value || x.line != y.line || x.base64 != y.base64) return false;
    }
  }
  return true;
}

void read_both_ways(const std::string& path, const std::uint8_t* data, std::size_t size, const LdifLimits& limits) {
  std::optional<std::vector<LdifEntry>> from_source;
  std::string encoding;
  fuzz::expect_only_usersync_errors([&] {
    TextSource text(path);
    encoding = text.encoding();
    LdifReader reader(text, limits);
    from_source = read_entries(reader, limits);
    (void)text.checksum();
  });
  if (!from_source || (encoding != "utf-8" && encoding != "utf-8-bom")) return;
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  try {
    LdifReader reader(in, "input.ldif", limits);
    if (!same(*from_source, read_entries(reader, limits)))
      fuzz::finding("TextSource and std::istream give different entries");
  } catch (const Error&) {
    fuzz::finding("std::istream refused a UTF-8 input that TextSource read");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzz::ScratchFile file("input.ldif");
  const std::string& path = file.write(data, size);
  read_both_ways(path, data, size, LdifLimits{});
  read_both_ways(path, data, size, LdifLimits{.max_line_bytes = 64, .max_attributes = 4, .max_entry_bytes = 128});
  // The importer on top: entries to users, groups and memberships; only usersync::Error may escape.
  {
    struct Sink : RecordSink {
      void user(const Record& r) override {
        if (r.header->names().size() != r.values.size()) fuzz::finding("an LDIF user with a name without a value");
        for (const auto& n : r.header->names()) (void)r.location(n);
      }
    } sink;
    SourceSpec spec;
    spec.path = path;
    spec.files = {path};
    fuzz::expect_only_usersync_errors([&] { LdifImporter().read(spec, sink); });
  }
  // The helpers on the raw input too, where the reader would have refused it.
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  check_dn(std::string(raw));
  allow_invalid_argument([&] { (void)filetime_to_unix_seconds(raw); });
  allow_invalid_argument([&] { (void)ad_account_disabled(raw); });
  allow_invalid_argument([&] { (void)parse_ranged_attribute(raw); });
  (void)is_binary_attribute(raw);
  return 0;
}
