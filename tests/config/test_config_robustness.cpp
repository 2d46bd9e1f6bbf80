// The loader on hostile input: mutated examples, deep nesting, expansion bombs. It must answer
// with diagnostics (valid 1-based positions), never crash or throw.
#include "support.hpp"

#include <cstdint>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

using namespace amzconn::config;

namespace {

std::string read_config_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void check_positions(const LoadResult& result, const std::string& text) {
    const auto lines = 1 + std::count(text.begin(), text.end(), '\n');
    for (const auto& d : result.diagnostics) {
        CHECK(d.line >= 1);
        CHECK(d.line <= lines + 1);
        CHECK(d.column >= 1);
        CHECK_FALSE(d.message.empty());
    }
}

} // namespace

TEST_CASE("config: mutated examples give diagnostics, never a crash") {
    const std::string base =
        read_config_text(std::filesystem::path(AMZCONN_CONFIG_DIR) / "examples" / "unleashed.yaml");
    std::mt19937 rng(20261122); // fixed seed: the same inputs on every run
    const std::string alphabet = " \t\n:-[]{}&*!|>'\"#%@`,?<=0123456789abcxyzTFN~\\\xff";
    int refused = 0;
    for (int round = 0; round < 1500; ++round) {
        std::string text = base;
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int e = 0; e < edits; ++e) {
            const std::size_t at = rng() % text.size();
            const char c = alphabet[rng() % alphabet.size()];
            switch (rng() % 3) {
            case 0:
                text[at] = c;
                break;
            case 1:
                text.insert(at, 1, c);
                break;
            default:
                text.erase(at, 1);
                break;
            }
        }
        LoadResult result;
        REQUIRE_NOTHROW(result = load("fuzz.yaml", text, config_test::context()));
        if (!result.ok()) {
            ++refused;
            CHECK_FALSE(result.diagnostics.empty());
            CHECK_FALSE(result.config.has_value());
        }
        check_positions(result, text);
    }
    CHECK(refused > 500); // most random edits break something, and each is reported
}

TEST_CASE("config: deep nesting says nested too deep, not a syntax error") {
    const std::string too_deep = "nested too deep (more than 32 levels of lists and mappings); "
                                 "check the brackets and the indentation";
    for (int depth : {33, 600, 10000}) {
        CAPTURE(depth);
        const std::string text = "stores: " + std::string(static_cast<std::size_t>(depth), '[') +
                                 std::string(static_cast<std::size_t>(depth), ']') + "\n";
        LoadResult result;
        REQUIRE_NOTHROW(result = load("deep.yaml", text, config_test::context()));
        CHECK_FALSE(result.ok());
        REQUIRE(result.diagnostics.size() == 1);
        CHECK(result.diagnostics[0].message == too_deep);
    }
    // 31 levels of lists under 'stores' are still read (and refused for what they hold).
    const std::string shallow = "stores: " + std::string(31, '[') + std::string(31, ']') + "\n";
    const auto result = load("deep.yaml", shallow, config_test::context());
    REQUIRE_FALSE(result.diagnostics.empty());
    CHECK(result.diagnostics[0].message != too_deep);
}

TEST_CASE("config: an expansion bomb is refused without expanding it") {
    std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n";
    for (int i = 1; i < 9; ++i) {
        const std::string prev = "*a" + std::to_string(i - 1);
        text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + prev + ", " + prev +
                ", " + prev + ", " + prev + ", " + prev + ", " + prev + ", " + prev + ", " + prev +
                ", " + prev + "]\n";
    }
    const auto result = load("bomb.yaml", text, config_test::context());
    CHECK_FALSE(result.ok());
    // 9 anchors, 72 aliases, 9 unknown keys, and the missing stores: nothing was expanded.
    const auto aliases =
        std::count_if(result.diagnostics.begin(), result.diagnostics.end(),
                      [](const Diagnostic& d) { return d.message.starts_with("aliases (*name)"); });
    CHECK(aliases == 72);
    CHECK(result.diagnostics.size() == 9 + 72 + 9 + 1);
}
