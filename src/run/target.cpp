#include "target.h"

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "interrupt.h"
#include "model/errors.h"
#include "model/text.h"

namespace usersync {

std::string read_target_token(const ScimSettings& s, const std::string& config_file) {
  std::string token;
  if (!s.token_env.empty()) {
    const char* value = std::getenv(s.token_env.c_str());
    if (!value || !*value)
      throw ConfigError(config_file + ": [target] token_env names " + s.token_env +
                        ", which is not set or empty; export the SCIM bearer token in it");
    token = value;
  } else {
    struct stat st {};
    if (::stat(s.token_file.c_str(), &st) != 0)
      throw ConfigError(config_file + ": [target] token_file " + s.token_file + " cannot be read");
    // Like ssh with a private key: a token others can read is a token others have.
    if (st.st_mode & (S_IRWXG | S_IRWXO))
      throw ConfigError(config_file + ": [target] token_file " + s.token_file +
                        " can be read by other users; chmod 600 it");
    std::ifstream in(s.token_file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in && !in.eof()) throw ConfigError(config_file + ": [target] token_file " + s.token_file + " cannot be read");
    token = std::string(trim(text.str()));
    if (token.empty()) throw ConfigError(config_file + ": [target] token_file " + s.token_file + " is empty");
  }
  for (unsigned char c : token)
    if (c < 0x21 || c == 0x7f)
      throw ConfigError(config_file + ": the token in " +
                        (s.token_env.empty() ? "token_file " + s.token_file : "$" + s.token_env) +
                        " holds a space or control character; expected one bearer token");
  return token;
}

std::unique_ptr<ScimTarget> open_target(const Config& cfg) {
  if (!cfg.target.remote()) return nullptr;
  return std::make_unique<ScimTarget>(cfg.target.scim, read_target_token(cfg.target.scim, cfg.file),
                                      [] { return pending_interrupt(); });
}

}  // namespace usersync
