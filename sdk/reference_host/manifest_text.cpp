#include "manifest_text.hpp"

#include "escape_text.hpp"
#include "json_fields.hpp"
#include "json_print.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace amzconn::refhost {

namespace json = boost::json;

namespace {

// "1.0" from {"major":1,"minor":0}, or the value as text.
std::string abi_text(const json::object& manifest) {
    const auto* abi = manifest.if_contains("abi");
    if (abi != nullptr && abi->is_object()) {
        return field_text(abi->as_object(), "major") + "." + field_text(abi->as_object(), "minor");
    }
    return field_text(manifest, "abi");
}

std::string job_line(const json::object& job) {
    std::string line = "  " + field_text(job, "name");
    std::string every = field_text(job, "default_interval_s");
    if (every.empty()) {
        every = field_text(job, "schedule_s");
    }
    if (!every.empty()) {
        line += "  every " + every + "s";
    }
    if (const auto description = field_text(job, "description"); !description.empty()) {
        line += "  " + description;
    }
    if (field_text(job, "implemented") == "false") {
        line += "  (not implemented in this build)";
    }
    return escape_controls(line) + "\n";
}

} // namespace

std::string manifest_text(std::string_view manifest_json) {
    boost::system::error_code ec;
    const json::value parsed = json::parse(manifest_json, ec);
    if (ec || !parsed.is_object()) {
        return pretty_json_text(manifest_json) + "\n";
    }
    const auto& manifest = parsed.as_object();
    std::string out =
        escape_controls(field_text(manifest, "id") + " " + field_text(manifest, "version") +
                        " (ABI " + abi_text(manifest) + ")") +
        "\n";
    if (const auto name = field_text(manifest, "name"); !name.empty()) {
        out += escape_controls(name) + "\n";
    }
    if (const auto* jobs = manifest.if_contains("jobs"); jobs != nullptr && jobs->is_array()) {
        out += "jobs:\n";
        for (const auto& job : jobs->as_array()) {
            out += job.is_object() ? job_line(job.as_object()) : "";
        }
    }
    if (const auto* events = manifest.if_contains("events"); events && events->is_array()) {
        std::string list;
        for (const auto& event : events->as_array()) {
            list += (list.empty() ? "" : ", ") +
                    (event.is_string() ? std::string(event.as_string()) : std::string("?"));
        }
        out += "events: " + escape_controls(list) + "\n";
    }
    out += "(`amzconn-host manifest --json` for everything, with the settings JSON Schema)\n";
    return out;
}

} // namespace amzconn::refhost
