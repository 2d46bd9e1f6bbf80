// load(): parse safely, read through the schema, then check the rules that span several keys.
#include "checks.hpp"
#include "walker.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <fstream>
#include <sstream>

namespace amzconn::config {

bool LoadResult::ok() const {
    return config.has_value() &&
           std::none_of(diagnostics.begin(), diagnostics.end(),
                        [](const Diagnostic& d) { return d.severity == Severity::error; });
}

std::string format(const Diagnostic& d) {
    std::string out = d.file + ":" + std::to_string(d.line) + ":" + std::to_string(d.column) +
                      (d.severity == Severity::error ? ": error: " : ": warning: ");
    if (!d.path.empty()) {
        out += d.path + ": ";
    }
    return out + d.message;
}

LoadResult load(std::string_view file_name, std::string_view yaml_text, const LoadContext& ctx) {
    LoadResult result;
    detail::Walker walker(file_name, ctx);
    auto root = detail::parse_yaml(file_name, yaml_text, walker.diagnostics());
    if (root) {
        Config config;
        if (root->kind == detail::YNode::Kind::null && !root->reported) {
            walker.error(root->mark, "stores",
                         "the config is empty; it needs at least 'stores' with one store");
        } else {
            walker.walk_object(*root, detail::root_spec(), &config, "");
            detail::check_rules(config, walker);
        }
        result.config = std::move(config);
    }
    result.diagnostics = std::move(walker.diagnostics());
    std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(),
                     [](const Diagnostic& a, const Diagnostic& b) {
                         return std::tie(a.line, a.column) < std::tie(b.line, b.column);
                     });
    if (!result.ok()) {
        result.config.reset();
    }
    return result;
}

LoadResult load_file(const std::filesystem::path& path, const LoadContext& ctx) {
    const std::string name = path.string();
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    LoadResult result;
    if (ec) {
        result.diagnostics.push_back(
            Diagnostic{name, 1, 1, Severity::error, "",
                       "cannot read the file (" + ec.message() + "); check the path"});
        return result;
    }
    if (size > k_max_config_bytes) {
        result.diagnostics.push_back(Diagnostic{
            name, 1, 1, Severity::error, "",
            "the file is " + std::to_string(size) +
                " bytes; a config may hold at most 1 MiB (1048576 bytes): split it or remove "
                "unused parts"});
        return result;
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in.good() && !in.eof()) {
        result.diagnostics.push_back(Diagnostic{name, 1, 1, Severity::error, "",
                                                "cannot read the file; check its permissions"});
        return result;
    }
    return load(name, text.str(), ctx);
}

std::string diagnostics_json(const LoadResult& result) {
    boost::json::array list;
    for (const auto& d : result.diagnostics) {
        list.push_back(boost::json::object{
            {"file", d.file},
            {"line", d.line},
            {"column", d.column},
            {"severity", d.severity == Severity::error ? "error" : "warning"},
            {"path", d.path},
            {"message", d.message},
        });
    }
    return boost::json::serialize(boost::json::object{{"ok", result.ok()}, {"diagnostics", list}});
}

std::string to_json(const Config& config) {
    return boost::json::serialize(detail::emit_object(&config, detail::root_spec()));
}

} // namespace amzconn::config
