#include "diagnostics.hpp"

#include "escape_text.hpp"
#include "json_fields.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <ostream>

namespace amzconn::refhost {

namespace json = boost::json;

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
        std::string severity = field_text(diagnostic, "severity");
        if (severity.empty()) {
            severity = "error";
        }
        if (severity == "error") {
            ++counts.errors;
        } else {
            ++counts.warnings;
        }
        std::string line = field_text(diagnostic, "line");
        std::string column = field_text(diagnostic, "column");
        out << field_text(diagnostic, "file") << ':' << (line.empty() ? "1" : line) << ':'
            << (column.empty() ? "1" : column) << ": " << severity << ": ";
        if (const auto path = field_text(diagnostic, "path"); !path.empty()) {
            out << path << ": ";
        }
        out << field_text(diagnostic, "message") << '\n';
    }
    return counts;
}

void print_plan(std::string_view report_json, std::ostream& out) {
    boost::system::error_code ec;
    const json::value report = json::parse(report_json, ec);
    const json::value* plan =
        !ec && report.is_object() ? report.as_object().if_contains("plan") : nullptr;
    if (plan == nullptr || !plan->is_array()) {
        return;
    }
    for (const auto& store : plan->as_array()) {
        const auto* summary =
            store.is_object() ? store.as_object().if_contains("summary") : nullptr;
        if (summary == nullptr || !summary->is_array()) {
            continue;
        }
        out << "store " << escape_controls(field_text(store.as_object(), "alias")) << '\n';
        for (const auto& line : summary->as_array()) {
            if (line.is_object()) {
                out << "  " << escape_controls(field_text(line.as_object(), "topic")) << ": "
                    << escape_controls(field_text(line.as_object(), "text")) << '\n';
            }
        }
    }
}

} // namespace amzconn::refhost
