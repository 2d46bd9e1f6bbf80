// Shared helpers for the sandbox tests: start a sandbox, walk searchOrders pages, build queries.
#pragma once

#include "http_client.hpp"
#include "sandbox_process.hpp"

#include <doctest/doctest.h>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unistd.h>
#include <vector>

namespace amzconn::testing {

inline std::unique_ptr<SandboxProcess> start_sandbox(const std::vector<std::string>& args) {
    auto started = SandboxProcess::start(args);
    REQUIRE_MESSAGE(started.ok(), (started.ok() ? "" : started.error().message));
    return std::move(started).value();
}

// Virtual clock at 2026-01-01T00:00:00Z so times and bytes are reproducible.
inline std::vector<std::string> virtual_args(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--clock", "virtual", "--start-time", "2026-01-01T00:00:00Z"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

inline std::string write_temp(const std::string& name, const std::string& text) {
    const std::string path = "/tmp/amzconn-sandbox-test-" + std::to_string(::getpid()) + "-" + name;
    std::ofstream(path) << text;
    return path;
}

inline std::string search_path(const std::string& query) {
    return "/orders/2026-01-01/orders?" + query;
}

inline std::string escape(const std::string& text) {
    char* e = curl_easy_escape(nullptr, text.c_str(), static_cast<int>(text.size()));
    std::string out(e);
    curl_free(e);
    return out;
}

// Walks every page of a search; returns the bodies.
inline std::vector<std::string> walk_pages(HttpClient& http, const std::string& query) {
    std::vector<std::string> pages;
    std::string token;
    for (int guard = 0; guard < 10000; ++guard) {
        const auto r = http.get(
            search_path(query + (token.empty() ? "" : "&paginationToken=" + escape(token))));
        REQUIRE(r.status == 200);
        pages.push_back(r.body);
        const auto doc = r.json();
        const auto* p = doc.as_object().if_contains("pagination");
        if (p == nullptr) {
            break;
        }
        token = std::string(p->as_object().at("nextToken").as_string());
    }
    return pages;
}

// createFeedDocument + upload + createFeed; returns the feed id.
inline std::string submit_feed(HttpClient& http, const std::string& type,
                               const std::string& content_type, const std::string& document,
                               const std::string& market = "ATVPDKIKX0DER") {
    auto r = http.post_json("/feeds/2021-06-30/documents",
                            R"({"contentType":")" + content_type + R"("})");
    REQUIRE(r.status == 201);
    const auto doc = r.json();
    const auto url = std::string(doc.at("url").as_string());
    r = http.request("PUT", url, document, {"Content-Type: " + content_type});
    REQUIRE(r.status == 200);
    r = http.post_json("/feeds/2021-06-30/feeds",
                       R"({"feedType":")" + type + R"(","marketplaceIds":[")" + market +
                           R"("],"inputFeedDocumentId":")" +
                           std::string(doc.at("feedDocumentId").as_string()) + R"("})");
    REQUIRE(r.status == 202);
    return std::string(r.json().at("feedId").as_string());
}

inline std::string result_document(HttpClient& http, const std::string& feed_id) {
    const auto feed = http.get("/feeds/2021-06-30/feeds/" + feed_id).json();
    REQUIRE(feed.as_object().contains("resultFeedDocumentId"));
    const auto doc = http.get("/feeds/2021-06-30/documents/" +
                              std::string(feed.at("resultFeedDocumentId").as_string()))
                         .json();
    CHECK(doc.at("compressionAlgorithm").as_string() == "GZIP");
    const auto bytes = http.request("GET", std::string(doc.at("url").as_string()));
    REQUIRE(bytes.status == 200);
    return gunzip(bytes.body);
}

// One order of /_sandbox/state (what Amazon holds).
inline const boost::json::value& order_state(const boost::json::value& state, std::string_view id) {
    for (const auto& o : state.at("orders").as_array()) {
        if (o.at("orderId").as_string() == id) {
            return o;
        }
    }
    FAIL("order " << id << " is not in the sandbox state");
    return state;
}

// Moves the clock past a feed's or report's processing time.
inline void finish_jobs(HttpClient& http) {
    http.control("clock", R"({"advance_s": 3})");
}

} // namespace amzconn::testing
