// Fuzzes the integrator config loader (YAML -> typed config with diagnostics). Every input gives
// a config or at least one error; the diagnostics JSON is valid JSON; and a config that loads
// loads again, unchanged, from its own effective JSON (JSON is YAML).
#include "amzconn/config/config.hpp"
#include "fuzz_check.hpp"

#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using namespace amzconn::config;

// No process environment: every ${env:...} is defined, endpoints and proxies expand to a fixed
// https URL, so the result depends on the input alone.
LoadContext fixed_context() {
    LoadContext ctx;
    ctx.env_defined = [](std::string_view) { return true; };
    ctx.env_value = [](std::string_view) -> std::optional<std::string> {
        return std::string("https://127.0.0.1:8443");
    };
    return ctx;
}

bool has_error(const LoadResult& r) {
    for (const Diagnostic& d : r.diagnostics) {
        if (d.severity == Severity::error) {
            return true;
        }
    }
    return false;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const LoadContext ctx = fixed_context();
    const LoadResult result = load("fuzz.yaml", text, ctx);
    FUZZ_CHECK(result.ok() == result.config.has_value());
    FUZZ_CHECK(result.ok() != has_error(result));
    boost::system::error_code ec;
    (void)boost::json::parse(diagnostics_json(result), ec);
    if (ec) {
        std::fprintf(stderr, "%s\n", diagnostics_json(result).c_str());
    }
    FUZZ_CHECK(!ec);
    for (const Diagnostic& d : result.diagnostics) {
        FUZZ_CHECK(!d.message.empty());
        (void)format(d);
    }
    if (!result.ok()) {
        return 0;
    }
    const std::string effective = to_json(*result.config);
    const LoadResult again = load("effective.json", effective, ctx);
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(to_json(*again.config) == effective);
    return 0;
}
