#include "json_file.h"

#include <stdexcept>

#include "json_flatten.h"


namespace usersync {

JsonFile::JsonFile(const std::string& path, simdjson::ondemand::parser& parser) : path_(path) {
  // Loaded once into simdjson's padded buffer; only a file with a byte-order mark is copied again.
  if (simdjson::padded_string::load(path).get(data_))
    throw InputError("cannot read " + path + ": no such file or no permission");
  if (std::string_view(data_).substr(0, 3) == "\xEF\xBB\xBF")
    data_ = simdjson::padded_string(data_.data() + 3, data_.size() - 3);
  auto error = parser.iterate(data_).get(doc_);
  if (error) {
    // Stage one knows no position: a document cut short is best shown where it ends.
    bool cut_short = error == simdjson::INCOMPLETE_ARRAY_OR_OBJECT || error == simdjson::UNCLOSED_STRING ||
                     error == simdjson::TAPE_ERROR;
    throw InputError(cut_short ? location_of(data_.size()) : SourceLocation{path_, 1, 1, "", ""}, describe(error));
  }
}

std::string JsonFile::describe(simdjson::error_code code) {
  using simdjson::error_code;
  switch (code) {
    case error_code::TAPE_ERROR:
    case error_code::INCOMPLETE_ARRAY_OR_OBJECT:
      return "malformed or truncated JSON: an object or array is not closed, or a value is missing";
    case error_code::UNCLOSED_STRING:
      return "malformed JSON: a string is not closed";
    case error_code::STRING_ERROR:
      return "malformed JSON: a string has an invalid escape";
    case error_code::UTF8_ERROR:
      return "the file is not valid UTF-8; expected JSON in UTF-8";
    case error_code::DEPTH_ERROR:
      return "JSON nested too deeply";
    case error_code::EMPTY:
      return "the file is empty; expected a JSON value";
    case error_code::T_ATOM_ERROR:
    case error_code::F_ATOM_ERROR:
    case error_code::N_ATOM_ERROR:
      return "malformed JSON: expected true, false or null";
    case error_code::NUMBER_ERROR:
      return "malformed JSON: a number cannot be read";
    case error_code::INCORRECT_TYPE:
      return "malformed JSON: a value is not of the expected kind (object, array, string, number, true, false or "
             "null)";
    default:
      return std::string("malformed JSON: ") + simdjson::error_message(code);
  }
}

SourceLocation JsonFile::location_of(std::size_t offset) const {
  std::int64_t line = 1, column = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset && i < data_.size(); ++i) {
    if (data_.data()[i] == '\n') {
      ++line;
      column = 1;
      line_start = i + 1;
    } else if ((static_cast<unsigned char>(data_.data()[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  // The line is shown with a caret only when it is short enough to read (API answers are often
  // one long line).
  std::size_t end = line_start;
  while (end < data_.size() && data_.data()[end] != '\n' && end - line_start <= 160) ++end;
  bool shown = end - line_start <= 160;
  return SourceLocation{path_, line, column, shown ? std::string(data_.data() + line_start, end - line_start) : "",
                        ""};
}

void JsonFile::fail_here(const std::string& message) {
  const char* at = nullptr;
  if (!doc_.current_location().get(at) && at >= data_.data() && at <= data_.data() + data_.size())
    throw InputError(location_of(static_cast<std::size_t>(at - data_.data())), message);
  // At the end of the input simdjson has no location: the end of the file is the place.
  throw InputError(location_of(data_.size()), message);
}

void JsonFile::skip(simdjson::ondemand::value value, const std::string& pointer) const {
  try {
    consume(value);
  } catch (const std::length_error& e) {
    fail_at(pointer, e.what());
  }
}

void JsonFile::fail_at(const std::string& pointer, const std::string& message) const {
  throw InputError(SourceLocation{path_, 0, 0, "", pointer.empty() ? "/" : pointer}, message);
}

}  // namespace usersync
