#include <algorithm>

#include "html_report_sections.h"
#include "html_text.h"

namespace usersync {

namespace {
// The chart's geometry, in SVG user units; the figure scales to its column.
constexpr int kLabelWidth = 150;
constexpr int kBarWidth = 260;
constexpr int kRow = 26;
constexpr int kBar = 16;
constexpr int kTop = 6;
}  // namespace

void html_changes_chart(const RunSummary& run, std::string& out) {
  std::int64_t most = 0, total = 0;
  for (auto kind : all_change_kinds()) {
    auto it = run.changes.find(std::string(to_string(kind)));
    auto n = it == run.changes.end() ? 0 : it->second;
    most = std::max(most, n);
    total += n;
  }
  const int height = kTop * 2 + kRow * static_cast<int>(all_change_kinds().size());
  const int width = kLabelWidth + kBarWidth + 70;
  // The table beside the chart carries the same numbers for screen readers: the chart is an image
  // with a one-line description.
  out += "<svg class=\"chart\" viewBox=\"0 0 " + std::to_string(width) + " " + std::to_string(height) +
         "\" role=\"img\" aria-labelledby=\"chart-title\" preserveAspectRatio=\"xMinYMin meet\">";
  out += "<title id=\"chart-title\">Changes by kind: " + count_text(total) + " in all</title>";
  int y = kTop;
  for (auto kind : all_change_kinds()) {
    auto name = std::string(to_string(kind));
    auto it = run.changes.find(name);
    auto n = it == run.changes.end() ? 0 : it->second;
    // Integer arithmetic, so the same counts draw the same bytes on every platform; a kind with
    // changes is always visible, however small next to the largest.
    int w = most ? static_cast<int>(n * kBarWidth / most) : 0;
    if (n && w < 2) w = 2;
    auto baseline = std::to_string(y + kBar / 2 + 4);
    out += "<g class=\"k-" + name + "\">";
    out += "<text class=\"label\" x=\"" + std::to_string(kLabelWidth - 8) + "\" y=\"" + baseline +
           "\" text-anchor=\"end\">" + name + "</text>";
    out += "<rect class=\"track\" x=\"" + std::to_string(kLabelWidth) + "\" y=\"" + std::to_string(y) + "\" width=\"" +
           std::to_string(kBarWidth) + "\" height=\"" + std::to_string(kBar) + "\" rx=\"3\"/>";
    if (w)
      out += "<rect class=\"bar\" x=\"" + std::to_string(kLabelWidth) + "\" y=\"" + std::to_string(y) + "\" width=\"" +
             std::to_string(w) + "\" height=\"" + std::to_string(kBar) + "\" rx=\"3\"/>";
    out += "<text class=\"value\" x=\"" + std::to_string(kLabelWidth + kBarWidth + 8) + "\" y=\"" + baseline + "\">" +
           count_text(n) + "</text></g>";
    y += kRow;
  }
  out += "</svg>";
}

}  // namespace usersync
