#pragma once
// RFC 2849 content records, as ldapsearch writes them from Active Directory and OpenLDAP. The
// reader streams: it holds one logical line and the entry being read, never the file, and yields
// one entry at a time. It knows LDIF, not LDAP: what the attributes mean is the presets' business
// (ldap_values.h has the helpers they share).
//
// Read: `version: 1` at the top; `#` comments, folded ones too, anywhere; folded lines (a line
// that starts with one space continues the one above, that space removed, nothing else trimmed);
// `name: value`, `name:: base64` (the DN too); entries separated by blank lines; CRLF or LF.
// Skipped: what ldapsearch writes besides entries: search references (a block that starts with
// `ref:`; `# ref...` comments with -L), search results (`search:`, `result:`, after the entries or
// after each page of a paged search), extended and intermediate responses, and the `control:`
// lines it prints right after an entry's DN.
// Refused with file:line and what was expected: change records (`changetype:`), values by URL
// (`name:< file:///...`, ldapsearch -t), a block that does not start with `dn:`, a line without a
// colon, a continuation with no line to continue, invalid base64, values that are not UTF-8,
// ldapsearch's paging prompt, and input over the limits below.
#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <vector>

#include "text_source.h"

namespace usersync {

struct LdifAttribute {
  std::string name;  // as written, options kept: "member;range=0-1499", "userCertificate;binary"
  /// UTF-8 text; for binary attributes (is_binary_attribute in ldap_values.h) the bytes as
  /// lowercase hex, however they were written, so "objectGUID" reads the same from every tool.
  std::string value;
  std::int64_t line = 0;  // 1-based line where the attribute starts
  bool base64 = false;    // written as `name:: base64`
};

struct LdifEntry {
  std::string dn;  // UTF-8, as written (decoded when `dn::`); not parsed: see parse_dn
  std::int64_t line = 0;
  std::vector<LdifAttribute> attributes;  // in file order; a multi-valued attribute repeats its name
};

/// Limits against hostile input: past any of them the reader throws instead of growing.
struct LdifLimits {
  std::size_t max_line_bytes = std::size_t{16} << 20;    // one logical line, folds joined
  std::size_t max_attributes = 1'000'000;                // values in one entry
  std::size_t max_entry_bytes = std::size_t{256} << 20;  // names and values of one entry
};

/// A search result ldapsearch reported that was not success ("4 Size limit exceeded").
struct LdifSearchResult {
  std::int64_t line = 0;
  std::string text;  // the `result:` value, code first
};

class LdifReader {
 public:
  /// Reads decoded text from `source`; messages name source.path().
  explicit LdifReader(TextSource& source, LdifLimits limits = {});
  /// Reads UTF-8 from `in` (a UTF-8 byte-order mark is skipped); messages name `file`.
  LdifReader(std::istream& in, std::string file, LdifLimits limits = {});

  /// The next entry; nullopt at end of input. Throws InputError (file:line, the line, what was
  /// expected) for anything the header comment lists as refused. After a throw, stop reading.
  std::optional<LdifEntry> next();

  /// The first `result:` that was not 0 (success), once next() has read past it. ldapsearch
  /// writes the entries it got before a size or time limit, then the failure here: an importer
  /// should refuse such an export rather than treat the missing entries as deleted.
  const std::optional<LdifSearchResult>& failed_result() const { return failed_result_; }

 private:
  struct Line {
    std::string text;  // folds joined
    std::int64_t line = 0;
    std::size_t first_bytes = 0;  // bytes of `text` from its first physical line
  };
  struct Parsed {
    std::string name;
    std::string value;
    bool base64 = false;
  };

  bool read_chunk();                     // appends input to buf_; false at end
  bool read_physical(std::string& out);  // one physical line without its line break
  bool fetch();                          // the next physical line into ahead_
  bool next_logical(Line& out);          // false at end of input; a blank line comes back empty
  Parsed parse(const Line& l);
  LdifEntry read_entry(const Line& first, Parsed dn);
  void skip_block(const Line& first, const Parsed& p);  // a search reference or result
  void note_result(const Line& l, const Parsed& p);
  [[noreturn]] void fail(const Line& l, const std::string& message, std::int64_t column = 0);

  TextSource* source_ = nullptr;
  std::istream* stream_ = nullptr;
  std::string file_;
  LdifLimits limits_;
  std::string buf_;
  std::size_t pos_ = 0;
  std::int64_t next_line_ = 1;  // number of the next physical line
  std::string ahead_;           // the physical line read ahead, to see whether it is a fold
  std::int64_t ahead_line_ = 0;
  bool has_ahead_ = false;
  bool started_ = false;  // past the place where `version:` may stand
  std::optional<LdifSearchResult> failed_result_;
};

}  // namespace usersync
