// amzconn-config: validate integrator configs, print the JSON Schema, convert YAML to plain JSON,
// and print the generated reference page (config/README.md).
#include "amzconn/config/config.hpp"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr std::string_view k_usage = R"(usage: amzconn-config COMMAND [OPTIONS] [FILE...]

Commands:
  validate [--json] [--assume-env] FILE...
                   Check each config; print every problem as file:line:col: error: path: message.
                   Exit 1 when any file has an error. --json prints {"ok":..,"diagnostics":[..]}
                   per file. --assume-env treats every ${env:NAME} as defined (for checking
                   example files on a machine without the secrets).
  schema           Print the JSON Schema (draft 2020-12) of the config, indented: the file
                   config/amzconn-settings.schema.json (installed under share/amzconn/schema/)
                   for editors, validators and host UIs.
  to-json FILE     Print the YAML file as plain JSON (no defaults), for JSON Schema checks.
  effective FILE   Print the validated config with every default filled in, as JSON.
  doc              Print the reference page (config/README.md is this output).
  --help           Show this help.
)";

int usage_error(std::string_view message) {
    std::cerr << "amzconn-config: " << message << "\n\n" << k_usage;
    return 2;
}

int validate(const std::vector<std::string>& args) {
    bool json = false;
    amzconn::config::LoadContext ctx;
    std::vector<std::string> files;
    for (const auto& a : args) {
        if (a == "--json") {
            json = true;
        } else if (a == "--assume-env") {
            ctx.env_defined = [](std::string_view) { return true; };
            ctx.env_value = [](std::string_view) { return std::optional<std::string>{}; };
        } else if (a.starts_with("--")) {
            return usage_error("unknown option " + a);
        } else {
            files.push_back(a);
        }
    }
    if (files.empty()) {
        return usage_error("validate needs at least one FILE");
    }
    bool ok = true;
    for (const auto& file : files) {
        const auto result = amzconn::config::load_file(file, ctx);
        ok = ok && result.ok();
        if (json) {
            std::cout << amzconn::config::diagnostics_json(result) << "\n";
            continue;
        }
        for (const auto& d : result.diagnostics) {
            std::cout << amzconn::config::format(d) << "\n";
        }
        if (result.ok()) {
            std::cout << file << ": ok\n";
        }
    }
    return ok ? 0 : 1;
}

bool read_file(const std::string& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return false;
    }
    std::ostringstream text;
    text << in.rdbuf();
    out = text.str();
    return true;
}

int to_json(const std::vector<std::string>& args) {
    if (args.size() != 1) {
        return usage_error("to-json needs exactly one FILE");
    }
    std::string text;
    if (!read_file(args[0], text)) {
        std::cerr << "amzconn-config: cannot read " << args[0] << "; check the path\n";
        return 1;
    }
    std::vector<amzconn::config::Diagnostic> diagnostics;
    const auto json = amzconn::config::yaml_to_json(args[0], text, diagnostics);
    for (const auto& d : diagnostics) {
        std::cerr << amzconn::config::format(d) << "\n";
    }
    if (!json) {
        return 1;
    }
    std::cout << *json << "\n";
    return 0;
}

int effective(const std::vector<std::string>& args) {
    if (args.size() != 1) {
        return usage_error("effective needs exactly one FILE");
    }
    const auto result = amzconn::config::load_file(args[0]);
    for (const auto& d : result.diagnostics) {
        std::cerr << amzconn::config::format(d) << "\n";
    }
    if (!result.ok()) {
        return 1;
    }
    std::cout << amzconn::config::to_json(*result.config) << "\n";
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> all(argv + 1, argv + argc);
    if (all.empty()) {
        return usage_error("missing COMMAND");
    }
    const std::string& command = all[0];
    const std::vector<std::string> args(all.begin() + 1, all.end());
    try {
        if (command == "--help" || command == "-h" || command == "help") {
            std::cout << k_usage;
            return 0;
        }
        if (command == "validate") {
            return validate(args);
        }
        if (command == "schema") {
            std::cout << amzconn::config::json_schema_file();
            return 0;
        }
        if (command == "to-json") {
            return to_json(args);
        }
        if (command == "effective") {
            return effective(args);
        }
        if (command == "doc") {
            std::cout << amzconn::config::reference_markdown();
            return 0;
        }
    } catch (const std::exception& e) {
        std::cerr << "amzconn-config: internal error: " << e.what() << "\n";
        return 3;
    }
    return usage_error("unknown command '" + command + "'");
}
