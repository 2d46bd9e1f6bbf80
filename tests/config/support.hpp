// Shared helpers for the config tests: a valid store head to append keys to, and a test context.
#pragma once

#include "amzconn/config/config.hpp"

#include <map>
#include <string>
#include <vector>

namespace config_test {

// Eight lines of a valid store; keys appended start on line 9 at column 5.
inline const std::string k_head = "stores:\n"
                                  "  - alias: uk1\n"
                                  "    marketplaces: {primary: UK}\n"
                                  "    seller_id: A2EXAMPLE1\n"
                                  "    credentials:\n"
                                  "      lwa_client_id: ${secret:id}\n"
                                  "      lwa_client_secret: ${secret:cs}\n"
                                  "      refresh_token: ${secret:rt}\n";

inline std::string store(const std::string& extra) {
    return k_head + extra;
}

// ${env:SET_*} are defined; two of them carry endpoint values.
inline amzconn::config::LoadContext context() {
    amzconn::config::LoadContext ctx;
    ctx.env_defined = [](std::string_view name) { return name.starts_with("SET_"); };
    ctx.env_value = [](std::string_view name) -> std::optional<std::string> {
        static const std::map<std::string, std::string, std::less<>> values{
            {"SET_REMOTE_HTTP", "http://sellingpartnerapi-eu.amazon.com"},
            {"SET_LOOPBACK", "http://127.0.0.1:9000"},
        };
        const auto it = values.find(name);
        if (it == values.end()) {
            return std::nullopt;
        }
        return it->second;
    };
    return ctx;
}

inline std::vector<std::string> formatted(const amzconn::config::LoadResult& result) {
    std::vector<std::string> out;
    for (const auto& d : result.diagnostics) {
        out.push_back(amzconn::config::format(d));
    }
    return out;
}

} // namespace config_test
