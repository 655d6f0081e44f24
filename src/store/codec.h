#pragma once
// How model values are kept in SQLite text columns: JSON with sorted keys, so equal values are
// equal text and history stays byte-stable.
#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>

#include <optional>
#include <string>
#include <vector>

#include "model/identity.h"
#include "model/record.h"

namespace usersync {

/// Binds a text that may be absent (NULL) to parameter `i`.
void bind_optional(SQLite::Statement& q, int i, const std::optional<std::string>& v);
/// A text column that may be NULL.
std::optional<std::string> optional_text(const SQLite::Column& c);

std::string attributes_to_json(const Attributes& attrs);
Attributes attributes_from_json(std::string_view text);
std::string strings_to_json(const std::vector<std::string>& values);
std::vector<std::string> strings_from_json(const std::string& text);
/// A record's fields as a JSON object in header order (the raw staging copy).
std::string record_to_json(const Record& record);
/// The fields record_to_json wrote (names, values, lists); location and id are the caller's.
Record record_from_json(const std::string& text);
std::string source_user_to_json(const SourceUser& user);
SourceUser source_user_from_json(const std::string& text);

}  // namespace usersync
