#include "actors/prometheus_text.hpp"

#include <charconv>
#include <cmath>

namespace varlet::actors {
namespace {

// Label values escape backslash, double quote and line feed; Prometheus HELP text only backslash
// and line feed, OpenMetrics HELP text all three.
void append_escaped(std::string& out, std::string_view text, bool quotes) {
  for (char c : text) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c == '"' && quotes) out += "\\\"";
    else out += c;
  }
}

void append_number(std::string& out, double value, std::chars_format format = std::chars_format::general) {
  if (std::isnan(value)) out += "NaN";
  else if (std::isinf(value)) out += value > 0 ? "+Inf" : "-Inf";
  else {
    char buffer[64];
    auto end = std::to_chars(buffer, buffer + sizeof buffer, value, format).ptr;
    out.append(buffer, end);
  }
}

}  // namespace

void PrometheusText::family(std::string_view name, std::string_view type, std::string_view help) {
  bool openmetrics = format_ == MetricsFormat::openmetrics;
  // OpenMetrics names a counter's family without the _total its samples carry.
  constexpr std::string_view total = "_total";
  if (openmetrics && type == "counter" && name.ends_with(total)) name.remove_suffix(total.size());
  out_ += "# HELP ";
  out_ += name;
  out_ += ' ';
  append_escaped(out_, help, openmetrics);
  out_ += "\n# TYPE ";
  out_ += name;
  out_ += ' ';
  out_ += type;
  out_ += '\n';
}

void PrometheusText::series(std::string_view name, std::string_view suffix, PrometheusLabels labels,
                            std::pair<std::string_view, std::string_view> extra) {
  out_ += name;
  out_ += suffix;
  bool first = true;
  auto label = [&](std::pair<std::string_view, std::string_view> l) {
    out_ += first ? '{' : ',';
    first = false;
    out_ += l.first;
    out_ += "=\"";
    append_escaped(out_, l.second, true);
    out_ += '"';
  };
  for (auto& l : labels) label(l);
  if (!extra.first.empty()) label(extra);
  if (!first) out_ += '}';
  out_ += ' ';
}

void PrometheusText::sample(std::string_view name, PrometheusLabels labels, double value) {
  series(name, {}, labels);
  append_number(out_, value);
  out_ += '\n';
}

void PrometheusText::sample(std::string_view name, PrometheusLabels labels, std::uint64_t value) {
  series(name, {}, labels);
  out_ += std::to_string(value);
  out_ += '\n';
}

void PrometheusText::histogram(std::string_view name, PrometheusLabels labels, const LatencyHistogram& histogram,
                               const Exemplars* exemplars) {
  if (format_ != MetricsFormat::openmetrics) exemplars = nullptr;
  std::uint64_t cumulative = 0;
  std::string le;
  for (std::size_t i = 0; i < LatencyHistogram::bucket_count; ++i) {
    cumulative += histogram.in_bucket(i);
    le.clear();
    if (i < LatencyHistogram::bounds.size()) append_number(le, LatencyHistogram::bounds[i], std::chars_format::fixed);
    else le = "+Inf";
    series(name, "_bucket", labels, {"le", le});
    out_ += std::to_string(cumulative);
    if (const auto* traced = exemplars ? exemplars->in_bucket(i) : nullptr) {
      out_ += " # {trace_id=\"";
      append_escaped(out_, traced->trace_id, true);
      out_ += "\"} ";
      append_number(out_, traced->seconds);
      out_ += ' ';
      append_number(out_, std::chrono::duration<double>(traced->at.time_since_epoch()).count(), std::chars_format::fixed);
    }
    out_ += '\n';
  }
  series(name, "_sum", labels);
  append_number(out_, histogram.sum());
  out_ += '\n';
  series(name, "_count", labels);
  out_ += std::to_string(histogram.count());
  out_ += '\n';
}

std::string PrometheusText::finish() {
  if (format_ == MetricsFormat::openmetrics) out_ += "# EOF\n";
  return std::move(out_);
}

}  // namespace varlet::actors
