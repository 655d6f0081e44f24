#include "text_source.h"

#include <algorithm>

#include "model/errors.h"

namespace usersync {

namespace {
constexpr std::size_t kChunk = 1 << 16;

void put_utf8(std::uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}
}  // namespace

std::size_t utf16_to_utf8(std::string_view raw, bool big_endian, std::string& out, std::string& carry) {
  std::string bytes = carry + std::string(raw);
  carry.clear();
  auto unit = [&](std::size_t i) {
    auto a = static_cast<unsigned char>(bytes[i]), b = static_cast<unsigned char>(bytes[i + 1]);
    return static_cast<std::uint32_t>(big_endian ? (a << 8 | b) : (b << 8 | a));
  };
  std::size_t i = 0;
  while (i + 1 < bytes.size()) {
    auto u = unit(i);
    if (u >= 0xD800 && u <= 0xDBFF) {
      if (i + 3 >= bytes.size()) break;  // wait for the low surrogate
      auto lo = unit(i + 2);
      if (lo < 0xDC00 || lo > 0xDFFF) return i;
      put_utf8(0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00), out);
      i += 4;
    } else if (u >= 0xDC00 && u <= 0xDFFF) {
      return i;
    } else {
      put_utf8(u, out);
      i += 2;
    }
  }
  carry = bytes.substr(i);
  return std::string_view::npos;
}

TextSource::TextSource(const std::string& path, const std::string& encoding)
    : path_(path), in_(path, std::ios::binary) {
  if (!in_) throw InputError(path + ": cannot open file for reading");
  char bom[3] = {0, 0, 0};
  in_.read(bom, 3);
  auto got = static_cast<std::size_t>(in_.gcount());
  std::string head(bom, got);
  hash_.update(head);
  auto b = [&](std::size_t i) { return i < got ? static_cast<unsigned char>(bom[i]) : 0u; };
  std::string rest;  // bytes of `head` that are content, not BOM
  if (got >= 3 && b(0) == 0xEF && b(1) == 0xBB && b(2) == 0xBF) {
    encoding_ = "utf-8-bom";
  } else if (got >= 2 && b(0) == 0xFF && b(1) == 0xFE) {
    encoding_ = "utf-16le";
    rest = head.substr(2);
  } else if (got >= 2 && b(0) == 0xFE && b(1) == 0xFF) {
    encoding_ = "utf-16be";
    rest = head.substr(2);
  } else {
    encoding_ = "utf-8";
    rest = head;
  }
  if (encoding != "auto") {
    bool ok = encoding == encoding_ || (encoding == "utf-8" && encoding_ == "utf-8-bom");
    if (!ok)
      throw InputError(path + ": encoding is set to " + encoding + " but the file's byte-order mark says " + encoding_);
  }
  if (encoding_ == "utf-16le" || encoding_ == "utf-16be")
    raw_carry_ = rest;
  else
    pending_ = rest;
  if (encoding_ == "utf-8" && got >= 2 && (b(0) == 0 || b(1) == 0))
    throw InputError(path +
                     ":1:1: the file looks like UTF-16 without a byte-order mark; save it as UTF-8 or as "
                     "UTF-16 with a BOM (Excel's \"Unicode text\")");
}

bool TextSource::fill() {
  if (eof_) return false;
  std::string raw(kChunk, '\0');
  in_.read(raw.data(), static_cast<std::streamsize>(raw.size()));
  raw.resize(static_cast<std::size_t>(in_.gcount()));
  if (raw.empty()) {
    eof_ = true;
    digest_ = "sha256:" + hash_.hex_digest();
    if (!raw_carry_.empty()) throw InputError(path_ + ": invalid UTF-16: the file ends in the middle of a character");
    return false;
  }
  hash_.update(raw);
  if (encoding_ == "utf-16le" || encoding_ == "utf-16be") {
    std::string decoded;
    auto bad = utf16_to_utf8(raw, encoding_ == "utf-16be", decoded, raw_carry_);
    if (bad != std::string_view::npos) {
      decoded_lines_ += std::count(pending_.begin(), pending_.end(), '\n');
      decoded_lines_ += std::count(decoded.begin(), decoded.end(), '\n');
      throw InputError(path_ + ":" + std::to_string(decoded_lines_) +
                       ": invalid UTF-16: unpaired surrogate; expected valid UTF-16 text after the byte-order mark");
    }
    pending_ += decoded;
  } else {
    pending_ += raw;
  }
  return true;
}

std::string_view TextSource::peek(std::size_t n) {
  while (pending_.size() - pending_pos_ < n && fill()) {
  }
  return std::string_view(pending_).substr(pending_pos_, n);
}

bool TextSource::read(std::string& out) {
  if (pending_pos_ >= pending_.size()) {
    pending_.clear();
    pending_pos_ = 0;
    if (!fill()) return false;
  }
  out.append(pending_, pending_pos_, std::string::npos);
  if (encoding_ == "utf-16le" || encoding_ == "utf-16be")
    decoded_lines_ += std::count(pending_.begin() + static_cast<std::ptrdiff_t>(pending_pos_), pending_.end(), '\n');
  pending_.clear();
  pending_pos_ = 0;
  return true;
}

std::string TextSource::checksum() {
  if (!eof_) throw Error(ExitCode::internal, path_ + ": checksum asked for before the whole file was read");
  return digest_;
}

}  // namespace usersync
