#pragma once
// A streaming XML reader for the parts of an OOXML package, on expat (Debian's libexpat1-dev).
// Elements and attributes are named by their local names (namespaces are dropped: a part is
// read by one handler that knows its vocabulary, and Strict OOXML differs from Transitional only
// in namespace URIs). A DOCTYPE is refused: OOXML never needs one, and refusing it leaves no room
// for entity expansion or external entities.
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace usersync {

struct XmlAttribute {
  std::string_view name;  // local name
  std::string_view value;
};

class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual void start(std::string_view /*name*/, const std::vector<XmlAttribute>& /*attributes*/) {}
  virtual void end(std::string_view /*name*/) {}
  /// Character data, possibly in several pieces for one text node.
  virtual void text(std::string_view /*piece*/) {}
};

/// The value of attribute `name`, or "" when absent.
std::string_view attribute(const std::vector<XmlAttribute>& attributes, std::string_view name);

class XmlStream {
 public:
  /// `where` names the input in errors: "people.xlsx (part xl/worksheets/sheet1.xml)".
  XmlStream(XmlHandler& handler, std::string where);
  ~XmlStream();
  XmlStream(const XmlStream&) = delete;
  XmlStream& operator=(const XmlStream&) = delete;

  /// Parses the next piece of the document; false once the handler asked to stop. Throws
  /// InputError naming the part, line and column when the XML is malformed or has a DOCTYPE.
  bool feed(std::string_view piece);
  /// Ends the document (throws if it was cut short).
  void finish();
  /// Called by a handler: parsing stops after the current callback.
  void stop();
  /// Where the parser is in the part, for a handler's own error messages.
  std::pair<std::int64_t, std::int64_t> position() const;
  const std::string& where() const { return where_; }

 private:
  bool parse(const char* data, int size, bool last);
  [[noreturn]] void fail(const std::string& message) const;
  friend struct XmlCallbacks;
  XmlHandler& handler_;
  std::string where_;
  void* parser_;
  bool stopped_ = false;
  std::string refusal_;  // why the stream refused the document (a DOCTYPE)
  std::vector<XmlAttribute> attributes_;
  std::exception_ptr error_;  // thrown by the handler inside a callback
};

}  // namespace usersync
