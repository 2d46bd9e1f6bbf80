#include "diagnostics.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <ostream>

namespace amzconn::refhost {

namespace json = boost::json;

namespace {

std::string text_of(const json::object& object, std::string_view field) {
    const auto* value = object.if_contains(field);
    if (value == nullptr || value->is_null()) {
        return {};
    }
    return value->is_string() ? std::string(value->as_string()) : json::serialize(*value);
}

} // namespace

DiagnosticCounts print_diagnostics(std::string_view report_json, std::ostream& out) {
    DiagnosticCounts counts;
    boost::system::error_code ec;
    const json::value report = json::parse(report_json, ec);
    const json::value* list = nullptr;
    if (!ec && report.is_object()) {
        list = report.as_object().if_contains("diagnostics");
    }
    if (list == nullptr || !list->is_array()) {
        return counts;
    }
    for (const auto& item : list->as_array()) {
        if (!item.is_object()) {
            continue;
        }
        const auto& diagnostic = item.as_object();
        std::string severity = text_of(diagnostic, "severity");
        if (severity.empty()) {
            severity = "error";
        }
        if (severity == "error") {
            ++counts.errors;
        } else {
            ++counts.warnings;
        }
        std::string line = text_of(diagnostic, "line");
        std::string column = text_of(diagnostic, "column");
        out << text_of(diagnostic, "file") << ':' << (line.empty() ? "1" : line) << ':'
            << (column.empty() ? "1" : column) << ": " << severity << ": ";
        if (const auto path = text_of(diagnostic, "path"); !path.empty()) {
            out << path << ": ";
        }
        out << text_of(diagnostic, "message") << '\n';
    }
    return counts;
}

} // namespace amzconn::refhost
