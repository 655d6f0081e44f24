#pragma once
// report.html: one self-contained page per run (inline CSS and script, no request leaves it).
#include <filesystem>
#include <memory>

#include "report_sink.h"

namespace usersync {

std::unique_ptr<ReportSink> make_html_report_sink(const std::filesystem::path& folder);

}  // namespace usersync
