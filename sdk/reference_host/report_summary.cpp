#include "report_summary.hpp"

#include "escape_text.hpp"
#include "json_print.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace amzconn::refhost {

namespace json = boost::json;

namespace {

std::string text_of(const json::value& value) {
    return escape_controls(value.is_string() ? std::string(value.as_string())
                                             : json::serialize(value));
}

bool is_envelope_field(std::string_view name) {
    for (const std::string_view field : {"job", "store", "status", "started_at", "finished_at",
                                         "counts", "messages", "retry_after_s"}) {
        if (name == field) {
            return true;
        }
    }
    return false;
}

bool is_job_report(const json::value& value) {
    const auto* object = value.if_object();
    return object != nullptr && object->contains("job") && object->contains("status");
}

void summarize_one(const json::object& report, std::string& out) {
    out += text_of(report.at("job"));
    if (const auto* store = report.if_contains("store"); store && !text_of(*store).empty()) {
        out += " " + text_of(*store);
    }
    out += ": " + text_of(report.at("status"));
    if (const auto* counts = report.if_contains("counts"); counts && counts->is_object()) {
        const char* separator = ", ";
        for (const auto& [name, count] : counts->as_object()) {
            out += separator + escape_controls(name) + "=" + text_of(count);
            separator = " ";
        }
    }
    if (const auto* retry = report.if_contains("retry_after_s"); retry && !retry->is_null()) {
        out += "; run again in " + text_of(*retry) + "s";
    }
    out += "\n";
    if (const auto* messages = report.if_contains("messages"); messages && messages->is_array()) {
        for (const auto& message : messages->as_array()) {
            out += "  " + text_of(message) + "\n";
        }
    }
    for (const auto& [name, value] : report) {
        if (!is_envelope_field(name)) {
            append_field(out, name, value, "  "); // explain_stock's explanation, say
        }
    }
}

} // namespace

std::string summarize_report(std::string_view report_json) {
    boost::system::error_code ec;
    const json::value report = json::parse(report_json, ec);
    if (ec) {
        return escape_controls(report_json) + "\n";
    }
    // `run` without --store answers {"job": ..., "reports": [one report per store]}.
    const auto* envelope = report.if_object();
    const auto* reports = envelope != nullptr && !envelope->contains("status")
                              ? envelope->if_contains("reports")
                              : nullptr;
    const auto* list = reports != nullptr ? reports->if_array() : report.if_array();
    if (reports != nullptr && list != nullptr && list->empty()) {
        const auto* job = envelope->if_contains("job");
        return (job != nullptr ? text_of(*job) : std::string("job")) + ": no store to run it for\n";
    }
    const bool all_reports =
        is_job_report(report) || (list != nullptr && !list->empty() &&
                                  std::all_of(list->begin(), list->end(), is_job_report));
    if (!all_reports) {
        return pretty_json(report) + "\n";
    }
    std::string out;
    if (list == nullptr) {
        summarize_one(report.as_object(), out);
        return out;
    }
    for (const auto& item : *list) {
        summarize_one(item.as_object(), out);
    }
    return out;
}

} // namespace amzconn::refhost
