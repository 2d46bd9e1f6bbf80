#include "sandbox_server.hpp"

#include "loopback_http.hpp"

#include <stdexcept>

namespace amzconn::testing {

namespace json = boost::json;

SandboxServer::SandboxServer(const std::vector<std::string>& args) {
    auto started = SandboxProcess::start(args);
    if (!started) {
        throw std::runtime_error("sandbox did not start: " + started.error().message);
    }
    m_process = std::move(*started);
}

json::object SandboxServer::state() const {
    return json::parse(http("GET", url() + "/_sandbox/state")).as_object();
}

void SandboxServer::post(const std::string& path, const json::value& body) const {
    http("POST", url() + path, json::serialize(body));
}

int64_t SandboxServer::calls(const std::string& operation) const {
    const auto now = state();
    const auto* n = now.at("calls").as_object().if_contains(operation);
    return n ? n->to_number<int64_t>() : 0;
}

int64_t SandboxServer::total_calls() const {
    int64_t total = 0;
    const auto now = state();
    for (const auto& [operation, n] : now.at("calls").as_object()) {
        if (operation != "token") {
            total += n.to_number<int64_t>();
        }
    }
    return total;
}

void SandboxServer::advance(int64_t seconds) const {
    post("/_sandbox/clock", json::object{{"advance_s", seconds}});
}

json::object SandboxServer::get_order(const std::string& order_id) const {
    const auto token = json::parse(http("POST", url() + "/auth/o2/token",
                                        "grant_type=refresh_token&refresh_token=Atzr%7Ctest&"
                                        "client_id=test&client_secret=test",
                                        {"Content-Type: application/x-www-form-urlencoded"}));
    const auto access = json::value_to<std::string>(token.as_object().at("access_token"));
    const auto body = http("GET",
                           url() + "/orders/2026-01-01/orders/" + order_id +
                               "?includedData=BUYER,RECIPIENT,PROCEEDS,FULFILLMENT,TAX,"
                               "PROMOTION,CANCELLATION,PACKAGES,PAYMENT,EXPENSE,FULFILLMENT_ORDERS",
                           "", {"x-amz-access-token: " + access});
    return json::parse(body).as_object().at("order").as_object();
}

void SandboxServer::put_orders(std::vector<json::object> orders) const {
    json::array list;
    for (auto& order : orders) {
        order.erase("lastUpdatedTime");
        list.push_back(std::move(order));
    }
    post("/_sandbox/orders", json::object{{"orders", std::move(list)}});
}

} // namespace amzconn::testing
