// What the reference host's test files share: the amzconn-host binary under test, a SqliteHost
// opened or the test failed, and a text search for output checks.
#pragma once

#include "sqlite_host.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace refhost_test {

inline const std::string k_host = AMZCONN_HOST_BIN;

inline std::unique_ptr<amzconn::refhost::SqliteHost>
open_host(const std::filesystem::path& file, amzconn::refhost::SqliteHostOptions options = {}) {
    auto host = amzconn::refhost::SqliteHost::open(file, std::move(options));
    REQUIRE_MESSAGE(host.ok(), (host.ok() ? "" : host.error().message));
    return std::move(*host);
}

inline bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

} // namespace refhost_test
