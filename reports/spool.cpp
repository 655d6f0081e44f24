#include "spool.h"

#include <cstdint>

#include "model/errors.h"

namespace usersync {

namespace {
void put_size(std::FILE* f, std::uint64_t n) {
  // Variable-length: a short field costs one byte of overhead.
  do {
    unsigned char b = n & 0x7f;
    n >>= 7;
    if (n) b |= 0x80;
    std::fputc(b, f);
  } while (n);
}

bool get_size(std::FILE* f, std::uint64_t& n) {
  n = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    int c = std::fgetc(f);
    if (c == EOF) return false;
    n |= static_cast<std::uint64_t>(c & 0x7f) << shift;
    if (!(c & 0x80)) return true;
  }
  return false;
}
}  // namespace

Spool::Spool(std::filesystem::path path) : path_(std::move(path)) {
  file_ = std::fopen(path_.c_str(), "w+b");
  if (!file_) throw Error(ExitCode::internal, path_.string() + ": cannot create a report spool file");
}

Spool::~Spool() {
  if (file_) std::fclose(file_);
  std::error_code ec;
  std::filesystem::remove(path_, ec);
}

void Spool::write(const std::vector<std::string_view>& fields) {
  put_size(file_, fields.size());
  for (auto f : fields) {
    put_size(file_, f.size());
    if (!f.empty()) std::fwrite(f.data(), 1, f.size(), file_);
  }
  if (std::ferror(file_)) throw Error(ExitCode::internal, path_.string() + ": cannot write a report spool file");
  ++records_;
}

void Spool::rewind() {
  if (std::fflush(file_) != 0 || std::fseek(file_, 0, SEEK_SET) != 0)
    throw Error(ExitCode::internal, path_.string() + ": cannot read a report spool file back");
}

bool Spool::next(std::vector<std::string>& fields) {
  std::uint64_t count = 0;
  if (!get_size(file_, count)) return false;
  fields.resize(count);
  for (auto& field : fields) {
    std::uint64_t n = 0;
    if (!get_size(file_, n)) throw Error(ExitCode::internal, path_.string() + ": a report spool file is cut short");
    field.resize(n);
    if (n && std::fread(field.data(), 1, n, file_) != n)
      throw Error(ExitCode::internal, path_.string() + ": a report spool file is cut short");
  }
  return true;
}

}  // namespace usersync
