#include "regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "model/text.h"

namespace usersync {

namespace {
std::string pcre2_message(int code) {
  PCRE2_UCHAR buf[256];
  pcre2_get_error_message(code, buf, sizeof buf);
  return reinterpret_cast<const char*>(buf);
}
}  // namespace

struct Regex::Impl {
  pcre2_code* code = nullptr;
  pcre2_match_context* context = nullptr;
  pcre2_match_data* data = nullptr;
  ~Impl() {
    pcre2_match_data_free(data);
    pcre2_match_context_free(context);
    pcre2_code_free(code);
  }
};

Regex::Regex(std::string_view pattern, bool case_insensitive) : impl_(std::make_unique<Impl>()), pattern_(pattern) {
  int err = 0;
  PCRE2_SIZE offset = 0;
  std::uint32_t options = PCRE2_UTF | PCRE2_UCP | (case_insensitive ? PCRE2_CASELESS : 0);
  impl_->code =
      pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), options, &err, &offset, nullptr);
  if (!impl_->code)
    throw std::invalid_argument("invalid regular expression at offset " + std::to_string(offset) + ": " +
                                pcre2_message(err));
  pcre2_jit_compile(impl_->code, PCRE2_JIT_COMPLETE);  // falls back to the interpreter if JIT is unavailable
  impl_->context = pcre2_match_context_create(nullptr);
  pcre2_set_match_limit(impl_->context, kMatchLimit);
  pcre2_set_depth_limit(impl_->context, kMatchLimit / 10);
  impl_->data = pcre2_match_data_create_from_pattern(impl_->code, nullptr);
}

Regex::~Regex() = default;
Regex::Regex(Regex&&) noexcept = default;
Regex& Regex::operator=(Regex&&) noexcept = default;

bool Regex::matches(std::string_view subject) const {
  int rc = pcre2_match(impl_->code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), 0, 0, impl_->data,
                       impl_->context);
  if (rc >= 0) return true;
  if (rc == PCRE2_ERROR_NOMATCH) return false;
  throw RegexError("pattern /" + pattern_ + "/ failed on this value: " + pcre2_message(rc));
}

std::optional<std::string> Regex::replace(std::string_view subject, std::string_view replacement, bool global) const {
  if (!matches(subject)) return std::nullopt;
  std::uint32_t options = PCRE2_SUBSTITUTE_OVERFLOW_LENGTH | (global ? PCRE2_SUBSTITUTE_GLOBAL : 0);
  std::string out(subject.size() + replacement.size() + 64, '\0');
  for (int attempt = 0; attempt < 2; ++attempt) {
    PCRE2_SIZE len = out.size();
    int rc = pcre2_substitute(impl_->code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), 0, options,
                              impl_->data, impl_->context, reinterpret_cast<PCRE2_SPTR>(replacement.data()),
                              replacement.size(), reinterpret_cast<PCRE2_UCHAR*>(out.data()), &len);
    if (rc == PCRE2_ERROR_NOMEMORY) {
      out.resize(len);
      continue;
    }
    if (rc < 0)
      throw RegexError("replacing /" + pattern_ + "/ with \"" + std::string(replacement) +
                       "\" failed: " + pcre2_message(rc));
    out.resize(len);
    return out;
  }
  throw RegexError("replacing /" + pattern_ + "/: result does not fit");
}

NameMatcher::NameMatcher(const std::string& spec) : spec_(spec) {
  if (spec.size() >= 2 && spec.front() == '/') {
    auto close = spec.rfind('/');
    std::string flags = spec.substr(close + 1);
    if (close > 0 && (flags.empty() || flags == "i")) {
      regex_ = std::make_shared<Regex>(spec.substr(1, close - 1), flags == "i");
      return;
    }
  }
  folded_ = fold_case(spec);
}

bool NameMatcher::matches(std::string_view name) const {
  return regex_ ? regex_->matches(name) : fold_case(name) == folded_;
}

}  // namespace usersync
