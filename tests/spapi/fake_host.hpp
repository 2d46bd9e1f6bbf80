// FakeHost: the HostServices the client tests need: a virtual clock (sleep_ms advances it and can
// tell the sandbox to advance too), captured log lines, and a secret map. State and entity
// services are not used by the client and answer not_implemented.
#pragma once

#include "amzconn/host_services.hpp"

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace amzconn::test {

class FakeHost : public HostServices {
  public:
    struct Line {
        LogLevel level;
        std::string store, reference, message;
    };

    Result<StateValue> state_get(std::string_view, std::string_view) override { return nope(); }
    Result<int64_t> state_put(std::string_view, std::string_view, std::string_view,
                              int64_t) override {
        return nope();
    }
    Result<std::vector<StateEntry>> state_list(std::string_view, std::string_view) override {
        return nope();
    }
    Outcome state_delete(std::string_view, std::string_view, int64_t) override { return nope(); }
    Result<std::string> entity_query(std::string_view, std::string_view) override { return nope(); }
    Result<UpsertResult> entity_upsert(std::string_view, std::string_view,
                                       std::string_view) override {
        return nope();
    }
    Result<std::string> transact(std::string_view) override { return nope(); }

    void log(LogLevel level, std::string_view store, std::string_view reference,
             std::string_view message) override {
        std::lock_guard lock(m_mutex);
        m_lines.push_back(
            Line{level, std::string(store), std::string(reference), std::string(message)});
    }
    Result<std::string> secret_get(std::string_view name) override {
        std::lock_guard lock(m_mutex);
        auto it = m_secrets.find(std::string(name));
        if (it == m_secrets.end()) {
            return Error{Status::not_found, "no such secret"};
        }
        return it->second;
    }
    int64_t now_ms() override {
        std::lock_guard lock(m_mutex);
        return m_now;
    }
    Outcome sleep_ms(int64_t ms) override {
        {
            std::lock_guard lock(m_mutex);
            m_now += ms;
            m_slept += ms;
            ++m_sleeps;
        }
        if (on_sleep) {
            on_sleep(ms);
        }
        return {};
    }
    void progress(std::string_view, std::string_view, uint64_t, uint64_t,
                  std::string_view) override {}

    void set_secret(std::string name, std::string value) {
        std::lock_guard lock(m_mutex);
        m_secrets[std::move(name)] = std::move(value);
    }
    std::vector<Line> lines() const {
        std::lock_guard lock(m_mutex);
        return m_lines;
    }
    // Every log line as one text (for canary searches).
    std::string all_log_text() const {
        std::lock_guard lock(m_mutex);
        std::string out;
        for (const auto& l : m_lines) {
            out += l.store + "|" + l.reference + "|" + l.message + "\n";
        }
        return out;
    }
    int64_t slept_ms() const {
        std::lock_guard lock(m_mutex);
        return m_slept;
    }
    void advance(int64_t ms) {
        std::lock_guard lock(m_mutex);
        m_now += ms;
    }

    std::function<void(int64_t)> on_sleep;

  private:
    static Error nope() { return Error{Status::not_implemented, "not used by the client tests"}; }
    mutable std::mutex m_mutex;
    std::vector<Line> m_lines;
    std::map<std::string, std::string> m_secrets;
    int64_t m_now = 1'767'225'600'000; // 2026-01-01T00:00:00Z
    int64_t m_slept = 0;
    int64_t m_sleeps = 0;
};

} // namespace amzconn::test
