// A throwaway plugin for the contract tests, built with AMZCONN_EXPORT_CONNECTOR. With
// AMZCONN_TEST_THROW_IN_CREATE its create throws, to prove the export thunk contains it.
#include "amzconn/connector.hpp"
#include "amzconn/plugin_export.hpp"

#include <atomic>
#include <memory>
#include <stdexcept>
#include <string>

namespace {

class EchoConnector final : public amzconn::Connector {
public:
    explicit EchoConnector(amzconn::HostApi host) : m_host(host) {}

    amzconn::Result<std::string> install(std::string_view file_name, std::string_view) override {
        auto put = m_host.state_put("test", "installed", file_name, amzconn::k_version_any);
        if (!put) {
            return put.error();
        }
        return std::string(R"({"stores":[],"diagnostics":[]})");
    }
    amzconn::Result<std::string> list_stores() override {
        auto got = m_host.state_get("test", "installed");
        if (!got) {
            return got.error();
        }
        return "[\"" + got->value + "\"]";
    }
    amzconn::Result<std::string> set_store_open(std::string_view store, bool open) override {
        m_host.log(amzconn::LogLevel::info, store, "", open ? "store opened" : "store closed");
        return std::string(open ? "{\"open\":true}" : "{\"open\":false}");
    }
    amzconn::Result<std::string> check(std::string_view store) override {
        return amzconn::Error{amzconn::Status::not_found,
                              "no store named " + std::string(store) + ": install a config first"};
    }
    amzconn::Result<std::string> run_job(std::string_view job, std::string_view,
                                         std::string_view) override {
        if (job == "throw") {
            throw std::runtime_error("job exploded");
        }
        if (job == "cancelled?") {
            return std::string(m_cancelled ? "true" : "false");
        }
        return "{\"job\":\"" + std::string(job) + "\"}";
    }
    amzconn::Result<std::string> handle_event(std::string_view event_json) override {
        return std::string(event_json);
    }
    void cancel() override { m_cancelled = true; }

private:
    amzconn::HostApi m_host;
    std::atomic<bool> m_cancelled{false};
};

amzconn::Result<std::string> manifest() {
    return std::string(R"({"id":"test.good","version":"0.0.1","abi":"1.0"})");
}

amzconn::Result<std::string> validate_config(std::string_view file_name, std::string_view yaml,
                                             std::string_view) {
    if (yaml.find("bad") != std::string_view::npos) {
        return amzconn::validation_failed(
            R"({"ok":false,"diagnostics":[{"file":")" + std::string(file_name) +
            R"(","line":1,"column":1,"severity":"error","path":"x","message":"bad value"}]})");
    }
    if (yaml.find("crash") != std::string_view::npos) {
        throw std::logic_error("validator crashed");
    }
    return std::string(R"({"ok":true,"diagnostics":[]})");
}

amzconn::Result<std::unique_ptr<amzconn::Connector>> create(amzconn::HostApi host) {
#ifdef AMZCONN_TEST_THROW_IN_CREATE
    (void)host;
    throw std::runtime_error("create exploded");
#else
    return std::unique_ptr<amzconn::Connector>(std::make_unique<EchoConnector>(host));
#endif
}

constexpr amzconn::ConnectorFactory k_factory{&manifest, &validate_config, &create};

} // namespace

AMZCONN_EXPORT_CONNECTOR(k_factory);
