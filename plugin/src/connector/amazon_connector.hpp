// AmazonConnector: the plugin's Connector. Orchestration only: installs configs, keeps store
// status in host state, runs a job by looking up its catalogue row, passes events to the engines.
#pragma once

#include "amzconn/config/types.hpp"
#include "amzconn/connector.hpp"
#include "connector/job_catalogue.hpp"
#include "spapi/client.hpp"

#include <atomic>
#include <boost/json/object.hpp>
#include <map>
#include <mutex>

namespace amzconn::plugin {

class AmazonConnector final : public Connector {
  public:
    explicit AmazonConnector(HostApi host);

    Result<std::string> install(std::string_view file_name, std::string_view yaml) override;
    Result<std::string> list_stores() override;
    Result<std::string> set_store_open(std::string_view store, bool open) override;
    Result<std::string> check(std::string_view store) override;
    Result<std::string> run_job(std::string_view job, std::string_view store,
                                std::string_view args_json) override;
    Result<std::string> handle_event(std::string_view event_json) override;
    void cancel() override;

  private:
    // A host order_shipped event: recorded as a shipment entity, sent now on an open store.
    Result<std::string> order_shipped(const boost::json::object& event);
    // A host order_cancelled event: recorded as a cancellation entity, queued now on an open store.
    Result<std::string> order_cancelled(const boost::json::object& event);

    // The SP-API client of one store; the connection pool, rate limits and token cache behind it
    // are shared by every store of this instance.
    Result<std::unique_ptr<spapi::SpApiClient>> client_for(const config::InstanceConfig& instance,
                                                           const config::StoreConfig& store);

    // Adds the client's SP-API calls to the host's hourly record (engine/api_usage.hpp); a record
    // that cannot be written is logged and the answer of the job or event stands.
    void note_api_calls(const spapi::SpApiClient& client, std::string_view alias);

    // Runs one catalogue row on one store: a closed store, or an order job on a stock-only
    // store, answers without an Amazon call.
    Result<JobReport> run_store_job(const JobInfo& job, const config::Config& config,
                                    const config::StoreConfig& store, const JobArgs& args);

    HostApi m_host;
    std::mutex m_shared_mutex;
    std::unique_ptr<spapi::ClientShared> m_shared;
    std::mutex m_admin_mutex; // install and open/close run one at a time inside this process
    std::atomic<bool> m_cancelled{false};
};

} // namespace amzconn::plugin
