#include "zip_archive.h"

#include <zip.h>

#include <cstdio>
#include <vector>

#include "model/errors.h"
#include "model/text.h"

namespace usersync {

struct ZipArchive::Handle {
  zip_t* zip = nullptr;
  ~Handle() {
    if (zip) zip_discard(zip);  // read-only: nothing to write back
  }
};

namespace {

std::string zip_error_text(int code) {
  zip_error_t e;
  zip_error_init_with_code(&e, code);
  std::string text = zip_error_strerror(&e);
  zip_error_fini(&e);
  return text;
}

/// Why libzip could not open the file, in the words an admin needs.
std::string open_failure(int code) {
  switch (code) {
    case ZIP_ER_NOZIP:
      return "not an XLSX workbook (not a zip archive); expected a file saved as Excel Workbook (.xlsx)";
    case ZIP_ER_INCONS:
    case ZIP_ER_EOF:
    case ZIP_ER_READ:
    case ZIP_ER_SEEK:
      return "the workbook is damaged or cut short (" + zip_error_text(code) + ")";
    default:
      return "cannot open the workbook: " + zip_error_text(code);
  }
}

/// An entry name that would climb out of a folder or start at the root. Nothing is extracted,
/// but such an archive was made to attack an unzipper: refuse it whole.
bool unsafe_name(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.front() == '\\') return true;
  if (name.size() > 1 && name[1] == ':') return true;  // C:\...
  std::size_t start = 0;
  while (start <= name.size()) {
    auto end = name.find_first_of("/\\", start);
    if (end == std::string_view::npos) end = name.size();
    if (name.substr(start, end - start) == "..") return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

bool starts_like_zip(const std::string& path) {
  char head[4] = {};
  std::FILE* f = std::fopen(path.c_str(), "rb");
  bool zip = f && std::fread(head, 1, 4, f) == 4 && std::string_view(head, 4) == "PK\x03\x04";
  if (f) std::fclose(f);
  return zip;
}

ZipArchive::ZipArchive(const std::string& path, ZipLimits limits)
    : zip_(std::make_unique<Handle>()), name_(path), limits_(limits) {
  int code = 0;
  zip_->zip = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
  if (!zip_->zip) {
    // A file that starts as a zip but has no central directory was cut short (a copy broken off).
    bool cut_short = code == ZIP_ER_NOZIP && starts_like_zip(path);
    throw InputError(path + ": " + open_failure(cut_short ? ZIP_ER_EOF : code));
  }
  check_entries();
}

ZipArchive::ZipArchive(std::string_view bytes, std::string name, ZipLimits limits)
    : zip_(std::make_unique<Handle>()), name_(std::move(name)), limits_(limits) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source) zip_->zip = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  int code = zip_error_code_zip(&error);
  zip_error_fini(&error);
  if (!zip_->zip) {
    if (source) zip_source_free(source);
    throw InputError(name_ + ": " + open_failure(code));
  }
  check_entries();
}

ZipArchive::~ZipArchive() = default;

void ZipArchive::check_entries() {
  auto count = zip_get_num_entries(zip_->zip, 0);
  if (count < 0 || static_cast<std::uint64_t>(count) > limits_.max_entries)
    throw InputError(name_ + ": the workbook has " + std::to_string(count) + " zip entries, more than the " +
                     std::to_string(limits_.max_entries) + " a workbook needs; refused as unsafe");
  for (zip_int64_t i = 0; i < count; ++i) {
    const char* n = zip_get_name(zip_->zip, static_cast<zip_uint64_t>(i), ZIP_FL_ENC_RAW);
    if (!n) throw InputError(name_ + ": the workbook is damaged: entry " + std::to_string(i) + " has no name");
    if (unsafe_name(n))
      throw InputError(name_ + ": the workbook has an entry named '" + std::string(n) +
                       "', which is absolute or climbs out of its folder; refused as unsafe (nothing is extracted)");
  }
}

std::optional<std::string> ZipArchive::find(std::string_view name) const {
  auto index = zip_name_locate(zip_->zip, std::string(name).c_str(), ZIP_FL_NOCASE | ZIP_FL_ENC_RAW);
  if (index < 0) return std::nullopt;
  return std::string(zip_get_name(zip_->zip, static_cast<zip_uint64_t>(index), ZIP_FL_ENC_RAW));
}

void ZipArchive::read(const std::string& name, const std::function<bool(std::string_view)>& chunk) {
  auto where = [&] { return name_ + " (part " + name + ")"; };
  auto index = zip_name_locate(zip_->zip, name.c_str(), ZIP_FL_NOCASE | ZIP_FL_ENC_RAW);
  if (index < 0) throw InputError(where() + ": the part is missing from the workbook");
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(zip_->zip, static_cast<zip_uint64_t>(index), 0, &st) != 0)
    throw InputError(where() + ": the workbook is damaged: " + zip_strerror(zip_->zip));
  // The compressed size bounds what libzip reads from the file; the inflated size is counted here,
  // never taken from the header, which a bomb can fake.
  const std::uint64_t compressed = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
  zip_file_t* file = zip_fopen_index(zip_->zip, static_cast<zip_uint64_t>(index), 0);
  if (!file) throw InputError(where() + ": cannot read the part: " + zip_strerror(zip_->zip));
  struct Closer {
    zip_file_t* f;
    ~Closer() { zip_fclose(f); }
  } closer{file};
  std::vector<char> buffer(1 << 16);
  std::uint64_t inflated = 0;
  for (;;) {
    auto n = zip_fread(file, buffer.data(), buffer.size());
    if (n < 0) throw InputError(where() + ": the workbook is damaged or cut short: " + zip_file_strerror(file));
    if (n == 0) break;
    inflated += static_cast<std::uint64_t>(n);
    total_read_ += static_cast<std::uint64_t>(n);
    if (inflated > limits_.max_entry_bytes)
      throw InputError(where() + ": the part inflates to more than " + std::to_string(limits_.max_entry_bytes >> 20) +
                       " MiB; refused as a possible zip bomb");
    if (total_read_ > limits_.max_total_bytes)
      throw InputError(where() + ": the workbook inflates to more than " +
                       std::to_string(limits_.max_total_bytes >> 20) + " MiB; refused as a possible zip bomb");
    if (inflated > limits_.ratio_floor && inflated / std::max<std::uint64_t>(compressed, 1) > limits_.max_ratio)
      throw InputError(where() + ": the part inflates more than " + std::to_string(limits_.max_ratio) +
                       " times its compressed size; refused as a possible zip bomb");
    if (!chunk(std::string_view(buffer.data(), static_cast<std::size_t>(n)))) return;
  }
}

std::string ZipArchive::read_all(const std::string& name) {
  std::string out;
  read(name, [&](std::string_view part) {
    out.append(part);
    return true;
  });
  return out;
}

}  // namespace usersync
