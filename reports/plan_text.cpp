#include "plan_text.h"

#include <cstdint>
#include <cstdio>

namespace usersync {

namespace {
struct ActionStyle {
  const char* action;
  char mark;
  const char* colour;  // ANSI SGR
};

constexpr ActionStyle styles[] = {
    {"create", '+', "32"},    {"update", '~', "33"},  {"reactivate", '+', "36"}, {"deactivate", '-', "31"},
    {"delete", '-', "1;31"},  {"error", '!', "1;31"}, {"skipped", '?', "2"},
};

const ActionStyle* style_of(const std::string& action) {
  for (const auto& s : styles)
    if (action == s.action) return &s;
  return nullptr;
}

std::string value(const std::optional<std::string>& v) { return v ? terminal_safe(*v, 40) : "(none)"; }

std::string joined(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : separator) + terminal_safe(i, 40);
  return out;
}

std::string get(const PolicyDecision& p, const char* key) {
  auto it = p.compared.find(key);
  return it == p.compared.end() ? "" : it->second;
}

/// A policy decision as the figures it compared: "missing_from_sources 4 days >= grace 3" (each
/// policy acts once its days reach the limit).
std::string policy_text(const PolicyDecision& p) {
  if (!get(p, "days_missing").empty())
    return p.reason + " " + get(p, "days_missing") + " days >= grace " + get(p, "grace_days");
  if (!get(p, "days_inactive").empty())
    return p.reason + " " + get(p, "days_inactive") + " days >= " + get(p, "delete_after_days");
  if (!get(p, "limit_days").empty()) return p.reason + " " + get(p, "days") + " days >= limit " + get(p, "limit_days");
  return p.reason;
}

/// What changes for the user: attributes as "name: from -> to", then groups as +name / -name.
std::string details(const UserResult& r) {
  std::string out;
  auto add = [&](const std::string& part) { out += (out.empty() ? "" : ", ") + part; };
  if (r.action == "update" || r.action == "reactivate")
    for (const auto& c : r.changes)
      if (c.attribute != "active") add(terminal_safe(c.attribute) + ": " + value(c.from) + " -> " + value(c.to));
  for (const auto& g : r.groups_added) add("+" + terminal_safe(g, 40));
  for (const auto& g : r.groups_removed) add("-" + terminal_safe(g, 40));
  return out;
}

std::string why(const UserResult& r) {
  if (r.action == "error") return r.errors.empty() ? joined(r.reasons, ", ") : terminal_safe(r.errors.front(), 120);
  std::vector<std::string> parts;
  for (const auto& p : r.policies) parts.push_back(policy_text(p));
  if (parts.empty()) parts = r.reasons;
  return "(" + joined(parts, ", ") + ")";
}
}  // namespace

std::string terminal_safe(const std::string& text, std::size_t max) {
  std::string out;
  std::size_t points = 0;
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    if (i + len > text.size()) len = 1;
    std::uint32_t cp = len == 1 ? c
                       : len == 2 ? ((c & 0x1Fu) << 6) | (text[i + 1] & 0x3F)
                       : len == 3 ? ((c & 0x0Fu) << 12) | ((text[i + 1] & 0x3Fu) << 6) | (text[i + 2] & 0x3F)
                                  : 0x10000;  // beyond the ranges below
    if (points++ == max) return out + "…";
    // C0 controls and DEL; C1 controls (U+009B is an 8-bit CSI to some terminals); the bidi
    // overrides and isolates, which reorder what is shown around them.
    bool control = cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) ||
                   (cp >= 0x2066 && cp <= 0x2069);
    if (control) {
      char hex[16];
      std::snprintf(hex, sizeof hex, cp < 0x100 ? "\\x%02x" : "\\u%04x", static_cast<unsigned>(cp));
      out += hex;
    } else {
      out.append(text, i, len);
    }
    i += len;
  }
  return out;
}

std::string plan_text(const UserResult& r, bool colour) {
  const auto* style = style_of(r.action);
  if (!style) return "";
  std::string head = std::string(1, style->mark) + " " + r.action;
  head.resize(std::max<std::size_t>(head.size() + 1, 13), ' ');
  if (colour) head = "\x1b[" + std::string(style->colour) + "m" + head + "\x1b[0m";
  auto name = terminal_safe(r.username, 40);
  // Lines are written as they are read, so names are padded to a width most fit, not measured.
  std::size_t points = 0;
  for (char c : name) points += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  std::string line = head + name + std::string(points < 16 ? 16 - points : 0, ' ');
  auto what = details(r);
  // Updates say what changes; the rest say why (a create's attributes are in the reports).
  if (r.action == "update" && !what.empty()) return line + " " + what;
  line += " " + why(r);
  return what.empty() ? line : line + "  " + what;
}

}  // namespace usersync
