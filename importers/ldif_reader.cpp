#include "ldif_reader.h"

#include <string_view>

#include "ldap_values.h"
#include "model/errors.h"
#include "model/text.h"

namespace usersync {

namespace {
constexpr std::size_t kChunk = 1 << 16;
constexpr std::size_t kShownLineBytes = 200;  // of a line shown under an error; base64 lines run long

const char* const kChangeRecord = "LDIF change records are not an export; expected content records";
const char* const kNulMessage =
    "NUL byte in the text; this looks like a binary file or UTF-16 without a byte-order mark; expected UTF-8 text "
    "(or UTF-16 with a byte-order mark)";

bool is_keyword(std::string_view name, std::string_view keyword) { return ascii_lower(name) == keyword; }

/// What ldapsearch writes besides entries, by the name that starts the block; "" for anything else.
std::string block_kind(std::string_view name) {
  auto n = ascii_lower(name);
  if (n == "ref") return "search reference";
  if (n == "search" || n == "result") return "search result";
  if (n == "extended") return "extended response";  // e.g. the server's notice of disconnection
  if (n == "partial") return "intermediate response";
  return {};
}

std::string describe_bytes(std::size_t n) {
  return n % (1 << 20) == 0 ? std::to_string(n >> 20) + " MiB" : std::to_string(n) + " bytes";
}

/// A line as shown under an error: capped at a character boundary, NUL and CR made visible.
std::string shown_line(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i >= kShownLineBytes && (text[i] & 0xC0) != 0x80) return out + "…";
    out += text[i] == '\0' ? std::string("\u2400") : text[i] == '\r' ? std::string("\u240D") : std::string(1, text[i]);
  }
  return out;
}

std::string describe_char(char c) {
  static const char* const digits = "0123456789abcdef";
  auto u = static_cast<unsigned char>(c);
  if (u == ' ') return "space";
  if (u > 0x20 && u < 0x7F) return std::string("'") + c + "'";
  return std::string("byte 0x") + digits[u >> 4] + digits[u & 15];
}

std::string to_hex(std::string_view bytes) {
  static const char* const digits = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    auto u = static_cast<unsigned char>(c);
    out += digits[u >> 4];
    out += digits[u & 15];
  }
  return out;
}

int sextet(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

/// Base64 with padding (RFC 4648 section 4), as RFC 2849 writes it. Returns why it is invalid,
/// or an empty string once `out` holds the bytes.
std::string decode_base64(std::string_view in, std::string& out) {
  if (in.size() % 4 != 0)
    return "its length (" + std::to_string(in.size()) + " characters) is not a multiple of 4, so it is cut short";
  out.reserve(in.size() / 4 * 3);
  for (std::size_t i = 0; i < in.size(); i += 4) {
    std::uint32_t bits = 0;
    int pad = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      char c = in[i + k];
      bool last_quad = i + 4 == in.size();
      if (c == '=' && last_quad && k >= 2) {
        ++pad;
        bits <<= 6;
        continue;
      }
      int s = sextet(c);
      if (s < 0 || pad > 0)
        return "unexpected " + describe_char(c) + " at character " + std::to_string(i + k + 1) +
               (c == '=' ? " (padding belongs only at the end)" : "");
      bits = bits << 6 | static_cast<std::uint32_t>(s);
    }
    out += static_cast<char>(bits >> 16);
    if (pad < 2) out += static_cast<char>(bits >> 8 & 0xFF);
    if (pad < 1) out += static_cast<char>(bits & 0xFF);
  }
  return {};
}

bool is_alnum(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

/// RFC 2849 AttributeDescription: a type (name or OID) and ;options, plus '=' and '*' for AD's
/// "member;range=0-*", which RFC 2849 does not foresee.
std::size_t find_bad_name_char(std::string_view name) {
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool ok = is_alnum(c) || (i > 0 && (c == '-' || c == '.' || c == ';' || c == '=' || c == '*'));
    if (!ok) return i;
  }
  return std::string_view::npos;
}
}  // namespace

LdifReader::LdifReader(TextSource& source, LdifLimits limits)
    : source_(&source), file_(source.path()), limits_(limits) {}

LdifReader::LdifReader(std::istream& in, std::string file, LdifLimits limits)
    : stream_(&in), file_(std::move(file)), limits_(limits) {
  if (read_chunk() && buf_.compare(0, 3, "\xEF\xBB\xBF") == 0) pos_ = 3;
}

bool LdifReader::read_chunk() {
  if (source_) return source_->read(buf_);
  if (!*stream_) return false;
  std::size_t old = buf_.size();
  buf_.resize(old + kChunk);
  stream_->read(buf_.data() + old, static_cast<std::streamsize>(kChunk));
  buf_.resize(old + static_cast<std::size_t>(stream_->gcount()));
  if (stream_->bad()) throw InputError(file_ + ": cannot read the input");
  return buf_.size() > old;
}

bool LdifReader::read_physical(std::string& out) {
  out.clear();
  bool any = false;
  while (true) {
    if (pos_ >= buf_.size()) {
      buf_.clear();
      pos_ = 0;
      if (read_chunk()) continue;
      if (!any) return false;
      break;
    }
    any = true;
    auto nl = buf_.find('\n', pos_);
    auto end = nl == std::string::npos ? buf_.size() : nl;
    out.append(buf_, pos_, end - pos_);
    pos_ = nl == std::string::npos ? end : nl + 1;
    // Checked per chunk, so a file without line breaks costs at most the limit plus a chunk.
    if (out.size() > limits_.max_line_bytes)
      fail(Line{out, next_line_, out.size()}, "line is longer than " + describe_bytes(limits_.max_line_bytes) +
                                                  "; expected LDIF text (is this a binary file?)");
    if (nl != std::string::npos) break;
  }
  if (!out.empty() && out.back() == '\r') out.pop_back();
  ++next_line_;
  return true;
}

bool LdifReader::fetch() {
  ahead_line_ = next_line_;
  has_ahead_ = read_physical(ahead_);
  return has_ahead_;
}

bool LdifReader::next_logical(Line& out) {
  if (!has_ahead_ && !fetch()) return false;
  has_ahead_ = false;
  out.line = ahead_line_;
  out.text.swap(ahead_);
  out.first_bytes = out.text.size();
  if (out.text.empty()) return true;
  // Folds join while the line is assembled, so a fold that starts a logical line had nothing to
  // continue: it is the first line, or the line above is blank.
  if (out.text[0] == ' ')
    fail(out,
         out.line == 1 ? "the file starts with a space, which would continue a line above it; expected \"dn:\", "
                         "\"version: 1\" or a comment at the start of the line"
                       : "line starts with a space, which continues the line above, but the line above is blank; "
                         "expected the next entry's \"dn:\" at the start of the line, or no blank line before it",
         1);
  while (fetch() && !ahead_.empty() && ahead_[0] == ' ') {
    has_ahead_ = false;
    if (out.text.size() + ahead_.size() - 1 > limits_.max_line_bytes)
      fail(out, "line is longer than " + describe_bytes(limits_.max_line_bytes) +
                    " with its continuation lines joined; expected LDIF text");
    out.text.append(ahead_, 1);  // exactly one space is the fold; any more are the value's
  }
  return true;
}

LdifReader::Parsed LdifReader::parse(const Line& l) {
  std::string_view t = l.text;
  if (t.rfind("Press [size] Enter", 0) == 0 || t.rfind("Estimate entries: ", 0) == 0)
    fail(l, "ldapsearch's paging prompt is in the export; expected ldapsearch run with -E pr=SIZE/noprompt");
  auto colon = t.find(':');
  if (colon == std::string_view::npos)
    fail(l,
         "expected \"name: value\", but the line has no colon (a long value continues on lines that start "
         "with one space; entries are separated by blank lines)");
  Parsed p;
  p.name = t.substr(0, colon);
  auto bad = find_bad_name_char(p.name);
  if (p.name.empty() || bad != std::string_view::npos)
    fail(l,
         "invalid attribute name \"" + shown_line(p.name.substr(0, 60)) +
             "\"; expected letters, digits and '-', then any ;options, before the colon",
         p.name.empty() ? 1 : static_cast<std::int64_t>(utf8_chars(p.name, bad)) + 1);
  std::string_view rest = t.substr(colon + 1);
  if (!rest.empty() && rest[0] == '<')
    fail(l,
         "values read from a URL (\"" + p.name + ":<\") are not supported; expected the value inline (\"" + p.name +
             ": value\") or in base64 (\"" + p.name + ":: ...\"); ldapsearch -t writes these, run it without -t",
         static_cast<std::int64_t>(colon) + 2);
  p.base64 = !rest.empty() && rest[0] == ':';
  if (p.base64) rest.remove_prefix(1);
  while (!rest.empty() && rest[0] == ' ') rest.remove_prefix(1);  // FILL; a value's own spaces need base64
  std::string bytes;
  if (p.base64) {
    while (!rest.empty() && rest.back() == ' ') rest.remove_suffix(1);  // spaces are never base64 data
    auto why = decode_base64(rest, bytes);
    if (!why.empty())
      fail(l, "invalid base64 in the value of \"" + p.name + "\": " + why +
                  "; expected A-Z, a-z, 0-9, '+' and '/', with '=' padding to a multiple of 4");
  } else {
    if (rest.find('\0') != std::string_view::npos) fail(l, kNulMessage);
    if (rest.find('\r') != std::string_view::npos)
      fail(l, "carriage return inside the value of \"" + p.name +
                  "\"; expected lines to end in LF or CRLF (a value with line breaks is written in base64)");
    bytes = rest;
  }
  if (is_binary_attribute(p.name)) {
    p.value = to_hex(bytes);
    return p;
  }
  if (find_invalid_utf8(bytes) != std::string::npos) {
    if (p.base64)
      fail(l, "the base64 value of \"" + p.name +
                  "\" decodes to bytes that are not UTF-8 text; expected UTF-8 (known binary attributes such as "
                  "objectGUID, and any with the ;binary option, are read as hex)");
    fail(l,
         "the value of \"" + p.name + "\" is not valid UTF-8; expected UTF-8 text (or UTF-16 with a byte-order mark)");
  }
  if (bytes.find('\0') != std::string::npos)
    fail(l, "the base64 value of \"" + p.name + "\" decodes to text with a NUL byte; expected text without NUL");
  p.value = std::move(bytes);
  return p;
}

std::optional<LdifEntry> LdifReader::next() {
  Line l;
  while (next_logical(l)) {
    if (l.text.empty() || l.text[0] == '#') continue;
    auto p = parse(l);
    bool at_top = !started_;
    started_ = true;
    if (at_top && is_keyword(p.name, "version")) {
      if (trim(p.value) != "1")
        fail(l, "unsupported LDIF version \"" + shown_line(p.value.substr(0, 20)) + "\"; expected \"version: 1\"");
      continue;
    }
    if (is_keyword(p.name, "dn")) return read_entry(l, std::move(p));
    if (!block_kind(p.name).empty()) {
      skip_block(l, p);
      continue;
    }
    fail(l, "expected an entry to start with \"dn:\", found \"" + p.name +
                ":\"; each entry starts with its DN and entries are separated by blank lines");
  }
  return std::nullopt;
}

LdifEntry LdifReader::read_entry(const Line& first, Parsed dn) {
  LdifEntry entry;
  entry.dn = std::move(dn.value);
  entry.line = first.line;
  std::size_t bytes = entry.dn.size();
  bool only_controls = true;  // RFC 2849: a change record is the DN, any `control:` lines, `changetype:`
  Line l;
  while (next_logical(l) && !l.text.empty()) {
    if (l.text[0] == '#') continue;
    auto p = parse(l);
    if (only_controls && is_keyword(p.name, "changetype")) fail(l, kChangeRecord);
    if (only_controls && is_keyword(p.name, "control")) continue;  // ldapsearch prints an entry's controls here
    only_controls = false;
    if (is_keyword(p.name, "dn"))
      fail(l, "a second \"dn:\" in the entry that starts at line " + std::to_string(entry.line) +
                  "; expected a blank line between entries");
    if (entry.attributes.size() >= limits_.max_attributes)
      fail(l, "the entry that starts at line " + std::to_string(entry.line) + " has more than " +
                  std::to_string(limits_.max_attributes) + " attribute values; expected a smaller entry");
    bytes += p.name.size() + p.value.size();
    if (bytes > limits_.max_entry_bytes)
      fail(l, "the entry that starts at line " + std::to_string(entry.line) + " is larger than " +
                  describe_bytes(limits_.max_entry_bytes) + "; expected a smaller entry");
    entry.attributes.push_back(LdifAttribute{std::move(p.name), std::move(p.value), l.line, p.base64});
  }
  return entry;
}

void LdifReader::skip_block(const Line& first, const Parsed& p) {
  note_result(first, p);
  Line l;
  while (next_logical(l) && !l.text.empty()) {
    if (l.text[0] == '#') continue;
    auto name = ascii_lower(std::string_view(l.text).substr(0, l.text.find(':')));
    if (name == "dn")
      fail(l, "\"dn:\" right after a " + block_kind(p.name) + "; expected a blank line before each entry");
    if (name == "result") note_result(l, parse(l));
  }
}

void LdifReader::note_result(const Line& l, const Parsed& p) {
  if (failed_result_ || !is_keyword(p.name, "result")) return;
  if (p.value == "0" || p.value.rfind("0 ", 0) == 0) return;  // "0 Success"
  failed_result_ = LdifSearchResult{l.line, shown_line(p.value)};
}

void LdifReader::fail(const Line& l, const std::string& message, std::int64_t column) {
  auto first = std::string_view(l.text).substr(0, l.first_bytes);
  throw InputError(SourceLocation{file_, l.line, column, shown_line(first)}, message);
}

}  // namespace usersync
