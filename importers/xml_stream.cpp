#include "xml_stream.h"

#include <expat.h>

#include <exception>
#include <limits>
#include <utility>

#include "model/errors.h"

namespace usersync {

namespace {
constexpr char kSeparator = '\x01';  // between namespace URI and local name; never in either

std::string_view local_name(const XML_Char* name) {
  std::string_view n(name);
  auto cut = n.rfind(kSeparator);
  return cut == std::string_view::npos ? n : n.substr(cut + 1);
}
}  // namespace

std::string_view attribute(const std::vector<XmlAttribute>& attributes, std::string_view name) {
  for (const auto& a : attributes)
    if (a.name == name) return a.value;
  return {};
}

struct XmlCallbacks {
  static XmlStream& self(void* user) { return *static_cast<XmlStream*>(user); }
  /// A handler's exception must not unwind through expat's C frames: it is kept, the parser
  /// stopped, and parse() throws it again once XML_Parse has returned.
  template <class F>
  static void guarded(void* user, F&& f) {
    auto& s = self(user);
    if (s.error_ || s.stopped_) return;
    try {
      f(s);
    } catch (...) {
      s.error_ = std::current_exception();
      XML_StopParser(static_cast<XML_Parser>(s.parser_), XML_FALSE);
    }
  }
  static void start(void* user, const XML_Char* name, const XML_Char** attrs) {
    guarded(user, [&](XmlStream& s) {
      s.attributes_.clear();
      for (int i = 0; attrs[i]; i += 2) s.attributes_.push_back({local_name(attrs[i]), attrs[i + 1]});
      s.handler_.start(local_name(name), s.attributes_);
    });
  }
  static void end(void* user, const XML_Char* name) {
    guarded(user, [&](XmlStream& s) { s.handler_.end(local_name(name)); });
  }
  static void text(void* user, const XML_Char* data, int len) {
    guarded(user, [&](XmlStream& s) { s.handler_.text(std::string_view(data, static_cast<std::size_t>(len))); });
  }
  static void doctype(void* user, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    auto& s = self(user);
    s.refusal_ = "the part has a DOCTYPE, which OOXML never uses; refused as unsafe (entity expansion)";
    XML_StopParser(static_cast<XML_Parser>(s.parser_), XML_FALSE);
  }
  static void entity(void* user, const XML_Char*, int, const XML_Char*, int, const XML_Char*, const XML_Char*,
                     const XML_Char*, const XML_Char*) {
    auto& s = self(user);
    s.refusal_ = "the part declares an entity, which OOXML never uses; refused as unsafe";
    XML_StopParser(static_cast<XML_Parser>(s.parser_), XML_FALSE);
  }
};

XmlStream::XmlStream(XmlHandler& handler, std::string where)
    : handler_(handler), where_(std::move(where)), parser_(XML_ParserCreateNS(nullptr, kSeparator)) {
  if (!parser_) throw std::bad_alloc();
  auto p = static_cast<XML_Parser>(parser_);
  XML_SetUserData(p, this);
  XML_SetElementHandler(p, &XmlCallbacks::start, &XmlCallbacks::end);
  XML_SetCharacterDataHandler(p, &XmlCallbacks::text);
  XML_SetStartDoctypeDeclHandler(p, &XmlCallbacks::doctype);
  XML_SetEntityDeclHandler(p, &XmlCallbacks::entity);
  XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
}

XmlStream::~XmlStream() { XML_ParserFree(static_cast<XML_Parser>(parser_)); }

void XmlStream::stop() {
  stopped_ = true;
  XML_StopParser(static_cast<XML_Parser>(parser_), XML_FALSE);
}

std::pair<std::int64_t, std::int64_t> XmlStream::position() const {
  auto p = static_cast<XML_Parser>(parser_);
  return {static_cast<std::int64_t>(XML_GetCurrentLineNumber(p)),
          static_cast<std::int64_t>(XML_GetCurrentColumnNumber(p)) + 1};
}

void XmlStream::fail(const std::string& message) const {
  auto [line, column] = position();
  throw InputError(where_ + " line " + std::to_string(line) + " column " + std::to_string(column) + ": " + message);
}

bool XmlStream::parse(const char* data, int size, bool last) {
  if (stopped_) return false;
  auto p = static_cast<XML_Parser>(parser_);
  auto status = XML_Parse(p, data, size, last ? 1 : 0);
  if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
  if (status == XML_STATUS_OK) return true;
  if (!refusal_.empty()) fail(refusal_);
  if (stopped_ && XML_GetErrorCode(p) == XML_ERROR_ABORTED) return false;
  fail(std::string("not well-formed XML (") + XML_ErrorString(XML_GetErrorCode(p)) + ")");
}

bool XmlStream::feed(std::string_view piece) {
  while (piece.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    if (!parse(piece.data(), std::numeric_limits<int>::max(), false)) return false;
    piece.remove_prefix(static_cast<std::size_t>(std::numeric_limits<int>::max()));
  }
  return parse(piece.data(), static_cast<int>(piece.size()), false);
}

void XmlStream::finish() { parse("", 0, true); }

}  // namespace usersync
