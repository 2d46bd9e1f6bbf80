// A throwaway plugin for the amzconn-host CLI tests (until the real plugin exists, and to keep the
// CLI tests independent of it). Stores come from "store: ALIAS" lines of the config; "bad:" and
// "warn:" lines produce diagnostics; jobs: ping (logs and reports; retry_later with the
// retry_after_s in AMZCONN_TEST_PING_RETRY_AFTER_S when set), wait (waits until cancelled),
// sleep (one 10-minute host sleep), make_order (upserts an order, a failed order and a feed),
// unfinished (not implemented).
#include "amzconn/connector.hpp"
#include "amzconn/plugin_export.hpp"

#include <atomic>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

namespace {

constexpr std::string_view k_ns = "refhost-test";

std::vector<std::string> split_aliases(std::string_view text) {
    std::vector<std::string> aliases;
    size_t start = 0;
    while (start < text.size()) {
        const auto comma = text.find(',', start);
        const auto end = comma == std::string_view::npos ? text.size() : comma;
        if (end > start) {
            aliases.emplace_back(text.substr(start, end - start));
        }
        start = end + 1;
    }
    return aliases;
}

std::vector<std::string> config_stores(std::string_view yaml) {
    std::vector<std::string> stores;
    size_t start = 0;
    while (start < yaml.size()) {
        const auto newline = yaml.find('\n', start);
        const auto end = newline == std::string_view::npos ? yaml.size() : newline;
        const std::string_view line = yaml.substr(start, end - start);
        if (line.starts_with("store: ")) {
            stores.emplace_back(line.substr(7));
        }
        start = end + 1;
    }
    return stores;
}

// The ops of the make_order job: documents as in sdk/docs/entities.md.
constexpr std::string_view k_make_order_ops = R"([
{"op":"upsert","kind":"sales_order","key":"uk1:026-1234567-1234567","doc":{
  "idempotency_key":"uk1:026-1234567-1234567","store":"uk1","reference":"026-1234567-1234567",
  "customer":"AMZ-UK","status":"placed","warehouse":"MAIN","order_date":"2026-01-15T10:04:00Z",
  "currency":"GBP",
  "lines":[{"product":"MUG-BLUE","sku":"MUG-BLUE-UK","description":"Blue mug","quantity":2,
            "unit_price":"9.99","discount":"0.00","tax_rate":"20","tax_code":"STANDARD",
            "tax_amount":"3.33"}],
  "charges":[{"kind":"shipping","description":"Standard","amount":"3.99","tax_amount":"0.67",
              "account":"4100"}],
  "metadata":{"fulfillment_channel":"MFN","marketplace_id":"A1F83G8C2ARO7P"}}},
{"op":"upsert","kind":"failed_order","key":"uk1:026-7654321-7654321","doc":{
  "store":"uk1","amazon_order_id":"026-7654321-7654321",
  "reason":"SKU MUG-RED-UK is not mapped to a product",
  "fix":"add MUG-RED-UK to sku_map in the store config, then run import_orders",
  "first_seen":"2026-01-15T10:00:05Z","attempts":1}},
{"op":"upsert","kind":"feed","key":"uk1:50012345678","doc":{
  "store":"uk1","feed_id":"50012345678","type":"JSON_LISTINGS_FEED",
  "submitted_at":"2026-01-15T11:00:00Z","message_count":120,"status":"DONE"}}
])";

class TestConnector final : public amzconn::Connector {
  public:
    explicit TestConnector(amzconn::HostApi host) : m_host(host) {}

    amzconn::Result<std::string> install(std::string_view file_name,
                                         std::string_view yaml) override {
        if (yaml.find("clash:") != std::string_view::npos) {
            // An install-time check against what is installed, answered as a report.
            return amzconn::validation_failed(
                R"({"ok":false,"diagnostics":[{"file":")" + std::string(file_name) +
                R"(","line":1,"column":1,"severity":"error","path":"stores","message":)"
                R"("alias clashes with an installed store"}]})");
        }
        std::string joined;
        std::string report = R"({"stores":[)";
        for (const auto& alias : config_stores(yaml)) {
            report += (joined.empty() ? "" : ",") + ("{\"alias\":\"" + alias + "\"}");
            joined += (joined.empty() ? "" : ",") + alias;
        }
        auto put = m_host.state_put(k_ns, "stores", joined, amzconn::k_version_any);
        if (!put) {
            return put.error();
        }
        m_host.log(amzconn::LogLevel::info, "", "", "config installed");
        return report + R"(],"diagnostics":[]})";
    }

    amzconn::Result<std::string> list_stores() override {
        auto aliases = stores();
        if (!aliases) {
            return aliases.error();
        }
        std::string out = "[";
        for (const auto& alias : *aliases) {
            out += (out.size() > 1 ? "," : "") +
                   ("{\"alias\":\"" + alias + "\",\"display_name\":\"Store " + alias +
                    "\",\"open\":" + (is_open(alias) ? "true" : "false") +
                    R"(,"sync_level":"full","marketplaces":["A1F83G8C2ARO7P"],)"
                    R"("schedules":{"ping":60,"unfinished":60}})");
        }
        return out + "]";
    }

    amzconn::Result<std::string> set_store_open(std::string_view store, bool open) override {
        if (auto known = require_store(store); !known) {
            return known.error();
        }
        auto put = m_host.state_put(k_ns, "open:" + std::string(store), open ? "1" : "0",
                                    amzconn::k_version_any);
        if (!put) {
            return put.error();
        }
        m_host.log(amzconn::LogLevel::info, store, "", open ? "store opened" : "store closed");
        return std::string(open ? R"({"open":true})" : R"({"open":false})");
    }

    amzconn::Result<std::string> check(std::string_view store) override {
        if (auto known = require_store(store); !known) {
            return known.error();
        }
        return R"({"store":")" + std::string(store) +
               R"(","ok":true,"marketplaces":["A1F83G8C2ARO7P"],"message":"reachable"})";
    }

    amzconn::Result<std::string> run_job(std::string_view job, std::string_view store,
                                         std::string_view args_json) override {
        if (!store.empty()) {
            if (auto known = require_store(store); !known) {
                return known.error();
            }
        }
        if (job == "unfinished") {
            return amzconn::Error{amzconn::Status::not_implemented,
                                  "job unfinished is not implemented in this build"};
        }
        if (job == "wait") {
            m_host.log(amzconn::LogLevel::info, store, "", "wait started");
            while (!m_cancelled.load()) {
                if (auto slept = m_host.sleep_ms(20); !slept) {
                    break;
                }
            }
            m_host.log(amzconn::LogLevel::info, store, "", "wait stopped at a safe point");
            return amzconn::Error{amzconn::Status::cancelled, "job wait was cancelled"};
        }
        if (job == "sleep") {
            // One long wait on the host clock: only the host's shutdown can end it early.
            m_host.log(amzconn::LogLevel::info, store, "", "sleep started");
            if (auto slept = m_host.sleep_ms(600'000); !slept) {
                return amzconn::Error{slept.status(),
                                      "sleep ended early: " + slept.error().message};
            }
            return std::string(R"({"job":"sleep","status":"ok"})");
        }
        if (job == "make_order") {
            // One imported order, one parked order and one feed, committed together.
            return m_host.transact(k_make_order_ops);
        }
        if (job != "ping") {
            return amzconn::Error{amzconn::Status::not_found,
                                  "unknown job " + std::string(job) + ": see the manifest"};
        }
        m_host.log(amzconn::LogLevel::info, store, "", "ping ran");
        m_host.log(amzconn::LogLevel::debug, store, "", "ping details");
        m_host.progress("ping", store, 1, 1, "pinged");
        if (const char* retry = std::getenv("AMZCONN_TEST_PING_RETRY_AFTER_S"); retry != nullptr) {
            // As a job whose Amazon report is not ready yet: run me again in that many seconds.
            return R"({"job":"ping","store":")" + std::string(store) +
                   R"(","status":"retry_later","counts":{},"retry_after_s":)" + retry + "}";
        }
        return R"({"job":"ping","store":")" + std::string(store) +
               R"(","status":"ok","counts":{"pinged":1},"args":)" + std::string(args_json) + "}";
    }

    amzconn::Result<std::string> handle_event(std::string_view event_json) override {
        m_host.log(amzconn::LogLevel::info, "", "", "event received");
        return R"({"accepted":true,"event":)" + std::string(event_json) + "}";
    }

    void cancel() override { m_cancelled = true; }

  private:
    amzconn::Result<std::vector<std::string>> stores() {
        auto got = m_host.state_get(k_ns, "stores");
        if (!got) {
            if (got.status() == amzconn::Status::not_found) {
                return std::vector<std::string>{};
            }
            return got.error();
        }
        return split_aliases(got->value);
    }

    bool is_open(std::string_view alias) {
        auto got = m_host.state_get(k_ns, "open:" + std::string(alias));
        return got && got->value == "1";
    }

    amzconn::Outcome require_store(std::string_view store) {
        auto aliases = stores();
        if (!aliases) {
            return aliases.error();
        }
        for (const auto& alias : *aliases) {
            if (alias == store) {
                return {};
            }
        }
        return amzconn::Error{amzconn::Status::not_found, "unknown store " + std::string(store) +
                                                              ": see `amzconn-host store list`"};
    }

    amzconn::HostApi m_host;
    std::atomic<bool> m_cancelled{false};
};

amzconn::Result<std::string> manifest() {
    return std::string(R"({"id":"test.refhost","version":"0.0.1","abi":"1.0",)"
                       R"("jobs":[{"name":"ping","schedule_s":60},{"name":"wait"}],)"
                       R"("events":["stock_changed","order_shipped"]})");
}

amzconn::Result<std::string> validate_config(std::string_view file_name, std::string_view yaml,
                                             std::string_view) {
    std::string diagnostics;
    bool has_error = false;
    size_t start = 0;
    size_t line_number = 1;
    while (start < yaml.size()) {
        const auto newline = yaml.find('\n', start);
        const auto end = newline == std::string_view::npos ? yaml.size() : newline;
        const std::string_view line = yaml.substr(start, end - start);
        for (const std::string_view severity : {"error", "warning"}) {
            const std::string marker = severity == "error" ? "bad:" : "warn:";
            const auto at = line.find(marker);
            if (at == std::string_view::npos) {
                continue;
            }
            has_error = has_error || severity == "error";
            diagnostics += (diagnostics.empty() ? "" : ",") + std::string(R"({"file":")") +
                           std::string(file_name) + R"(","line":)" + std::to_string(line_number) +
                           R"(,"column":)" + std::to_string(at + 1) + R"(,"severity":")" +
                           std::string(severity) + R"(","path":"stores.uk1.)" +
                           marker.substr(0, marker.size() - 1) + R"(","message":")" +
                           (severity == "error" ? "value is not allowed" : "value is deprecated") +
                           "\"}";
        }
        start = end + 1;
        ++line_number;
    }
    const std::string report = std::string(R"({"ok":)") + (has_error ? "false" : "true") +
                               R"(,"diagnostics":[)" + diagnostics + "]}";
    if (has_error) {
        return amzconn::validation_failed(report);
    }
    return report;
}

amzconn::Result<std::unique_ptr<amzconn::Connector>> create(amzconn::HostApi host) {
    return std::unique_ptr<amzconn::Connector>(std::make_unique<TestConnector>(host));
}

constexpr amzconn::ConnectorFactory k_factory{&manifest, &validate_config, &create};

} // namespace

AMZCONN_EXPORT_CONNECTOR(k_factory);
