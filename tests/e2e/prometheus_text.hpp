#pragma once

#include <map>
#include <optional>
#include <string>

namespace authapi::e2e {

// The samples of a Prometheus text exposition (format 0.0.4), keyed by the
// series as written: `name` or `name{label="value",...}`. Throws
// std::runtime_error naming the line when a line is neither a comment, a
// blank line, nor `series value` with a valid metric name and a number.
class PrometheusText {
public:
    explicit PrometheusText(const std::string& text);

    std::optional<double> value(const std::string& series) const;
    // The value, or 0 when the series is absent (a counter not yet moved).
    double counter(const std::string& series) const { return value(series).value_or(0); }
    // The declared type of a metric ("counter", "histogram", ...).
    std::optional<std::string> type_of(const std::string& name) const;
    std::size_t size() const { return samples_.size(); }

private:
    std::map<std::string, double> samples_;
    std::map<std::string, std::string> types_;
};

}  // namespace authapi::e2e
