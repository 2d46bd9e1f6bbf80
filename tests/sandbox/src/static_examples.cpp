// Static mode (--static-examples DIR): answers from the x-amzn-api-sandbox static examples of the
// official models with Amazon's matching rule (every parameter an example names must equal the
// request's; unmatched -> 400 "Could not match input arguments").
#include "sandbox.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace amzconn::sandbox {

namespace json = boost::json;

namespace {

std::vector<std::string> split(std::string_view path) {
    std::vector<std::string> out;
    std::size_t start = 1;
    while (start <= path.size()) {
        auto slash = path.find('/', start);
        if (slash == std::string_view::npos) {
            slash = path.size();
        }
        out.emplace_back(path.substr(start, slash - start));
        start = slash + 1;
    }
    return out;
}

std::string as_text(const json::value& v) {
    return v.is_string() ? std::string(v.as_string()) : json::serialize(v);
}

} // namespace

Result<void> Sandbox::load_static_examples(const std::string& dir) {
    namespace fs = std::filesystem;
    fs::path root(dir);
    if (fs::is_directory(root / "models")) {
        root /= "models";
    }
    std::error_code ec;
    if (!fs::is_directory(root, ec)) {
        return make_error(Status::bad_input, "--static-examples " + dir +
                                                 ": not a directory of SP-API model JSON files");
    }
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(root)) {
        if (entry.path().extension() == ".json") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        std::ifstream in(file);
        std::stringstream text;
        text << in.rdbuf();
        boost::system::error_code jec;
        const auto model = json::parse(text.str(), jec);
        if (jec || !model.is_object() || !model.as_object().contains("paths")) {
            continue;
        }
        for (const auto& [path, item] : model.at("paths").as_object()) {
            if (!item.is_object()) {
                continue;
            }
            for (const auto& [method, op] : item.as_object()) {
                if (!op.is_object() || !op.as_object().contains("responses")) {
                    continue;
                }
                StaticOperation sop;
                for (const char c : std::string(method)) {
                    sop.method.push_back(
                        static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
                }
                sop.segments = split(path);
                sop.operation_id = op.as_object().contains("operationId")
                                       ? as_text(op.at("operationId"))
                                       : std::string(path);
                for (const auto& [code, response] : op.at("responses").as_object()) {
                    const auto* sandbox =
                        response.is_object()
                            ? response.as_object().if_contains("x-amzn-api-sandbox")
                            : nullptr;
                    const auto* statics = sandbox && sandbox->is_object()
                                              ? sandbox->as_object().if_contains("static")
                                              : nullptr;
                    if (statics == nullptr || !statics->is_array()) {
                        continue;
                    }
                    for (const auto& ex : statics->as_array()) {
                        StaticExample example;
                        example.status = static_cast<unsigned>(std::stoul(std::string(code)));
                        if (const auto* req = ex.as_object().if_contains("request");
                            req && req->is_object()) {
                            if (const auto* params = req->as_object().if_contains("parameters");
                                params && params->is_object()) {
                                example.parameters = params->as_object();
                            }
                        }
                        if (const auto* resp = ex.as_object().if_contains("response")) {
                            example.response = *resp;
                        }
                        sop.examples.push_back(std::move(example));
                    }
                }
                m_static_ops.push_back(std::move(sop));
            }
        }
    }
    if (m_static_ops.empty()) {
        return make_error(Status::bad_input,
                          "--static-examples " + dir + ": no SP-API models with paths were found");
    }
    return {};
}

const StaticOperation* Sandbox::match_static(const Request& request) const {
    const auto segments = split(request.path);
    for (const auto& op : m_static_ops) {
        if (op.method != request.method || op.segments.size() != segments.size()) {
            continue;
        }
        bool match = true;
        for (std::size_t i = 0; i < segments.size() && match; ++i) {
            const auto& t = op.segments[i];
            match = (!t.empty() && t.front() == '{') || t == segments[i];
        }
        if (match) {
            return &op;
        }
    }
    return nullptr;
}

Response Sandbox::handle_static(const Request& request) {
    const auto* op = match_static(request);
    if (op == nullptr) {
        return error_response(404, "NotFound",
                              "No operation of the loaded models matches " + request.method + " " +
                                  request.path);
    }
    const auto segments = split(request.path);
    std::map<std::string, std::string> path_params;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const auto& t = op->segments[i];
        if (!t.empty() && t.front() == '{') {
            path_params[t.substr(1, t.size() - 2)] = segments[i];
        }
    }
    boost::system::error_code ec;
    const auto body = request.body.empty() ? json::value() : json::parse(request.body, ec);
    for (const auto& example : op->examples) {
        bool match = true;
        for (const auto& [name, spec] : example.parameters) {
            const auto* value = spec.is_object() ? spec.as_object().if_contains("value") : nullptr;
            if (value == nullptr) {
                continue;
            }
            const std::string key(name);
            if (const auto it = path_params.find(key); it != path_params.end()) {
                match = it->second == as_text(*value);
            } else if (key == "body") {
                match = !ec && body == *value;
            } else if (value->is_array()) {
                std::vector<std::string> expected;
                for (const auto& v : value->as_array()) {
                    expected.push_back(as_text(v));
                }
                match = request.params(key) == expected;
            } else {
                match = request.param(key) == as_text(*value);
            }
            if (!match) {
                break;
            }
        }
        if (match) {
            Response r;
            r.status = example.status;
            if (example.status == 204 || example.response.is_null()) {
                r.content_type.clear();
            } else {
                r.body = json::serialize(example.response);
            }
            return r;
        }
    }
    return error_response(400, "InvalidInput", "Could not match input arguments");
}

} // namespace amzconn::sandbox
