#pragma once
// Errors that end a run. Each carries the exit code the CLI returns, so the one catch in main
// needs no knowledge of where an error came from (ccache's pattern).
#include <cstdint>
#include <stdexcept>
#include <string>

namespace usersync {

enum class ExitCode : int {
  ok = 0,
  internal = 1,
  usage = 2,      // bad command line or config
  bad_input = 3,  // an input file cannot be read or is malformed
  refused = 4,    // a safety guard refused the plan
  stale = 5,      // the stored plan no longer fits the directory
  partial = 6,    // changes were applied (or planned) but some were held back
  busy = 7,       // another usersync run holds the database
  unavailable = 8,  // the target could not be reached, or kept failing, after every retry
  interrupted_int = 130,   // SIGINT before the commit: nothing changed
  interrupted_term = 143,  // SIGTERM before the commit: nothing changed
};

/// Where something is in an input: file, 1-based line and column (0 when unknown), and the raw
/// text of that line so a message can show it with a caret. A JSON input names the value by its
/// JSON pointer (RFC 6901), which says more than a line in a one-line API answer.
struct SourceLocation {
  std::string file;
  std::int64_t line = 0;
  std::int64_t column = 0;
  std::string raw_line;
  std::string pointer;  // "/value/3/profile/login"; "" for text inputs
  /// A spreadsheet's sheet: then `line` is the row and `column` the column number (1 is A), and
  /// the place reads `file!Sheet!B7` as a spreadsheet names a cell.
  std::string sheet;
};

/// "A", ..., "Z", "AA": a 1-based column number as a spreadsheet names it.
std::string column_name(std::int64_t column);
/// `people.xlsx!People!B7`, quoting a sheet name as a formula would (`'Q1 staff'!B7`); column 0
/// names the whole row (`People!7:7`).
std::string cell_place(const std::string& file, const std::string& sheet, std::int64_t column, std::int64_t row);

/// "file:line:col: message" (or "file#/pointer: message"), then the raw line and a caret under the
/// column when known.
std::string format_located(const SourceLocation& where, const std::string& message);

class Error : public std::runtime_error {
 public:
  Error(ExitCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ExitCode code() const { return code_; }

 private:
  ExitCode code_;
};

struct UsageError : Error {
  explicit UsageError(const std::string& m) : Error(ExitCode::usage, m) {}
};
struct ConfigError : Error {
  explicit ConfigError(const std::string& m) : Error(ExitCode::usage, m) {}
  ConfigError(const SourceLocation& w, const std::string& m) : Error(ExitCode::usage, format_located(w, m)) {}
};
struct InputError : Error {
  explicit InputError(const std::string& m) : Error(ExitCode::bad_input, m) {}
  InputError(const SourceLocation& w, const std::string& m) : Error(ExitCode::bad_input, format_located(w, m)) {}
};
struct RefusedError : Error {
  explicit RefusedError(const std::string& m) : Error(ExitCode::refused, m) {}
};
struct StaleError : Error {
  explicit StaleError(const std::string& m) : Error(ExitCode::stale, m) {}
};
struct BusyError : Error {
  explicit BusyError(const std::string& m) : Error(ExitCode::busy, m) {}
};
/// The target could not be reached or kept answering 429/5xx after every retry: try again later.
struct UnavailableError : Error {
  explicit UnavailableError(const std::string& m) : Error(ExitCode::unavailable, m) {}
};
/// A signal asked the run to stop; thrown only at a safe point before the commit.
struct InterruptedError : Error {
  explicit InterruptedError(int signal_number)
      : Error(signal_number == 15 ? ExitCode::interrupted_term : ExitCode::interrupted_int,
              "interrupted; nothing was changed") {}
};

}  // namespace usersync
