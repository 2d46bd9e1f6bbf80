// Routing, authentication (LWA token endpoint and x-amz-access-token checks), ids and counters.
#include "sandbox.hpp"

#include <cstdio>

namespace amzconn::sandbox {

namespace json = boost::json;

namespace {

std::vector<std::string_view> split_path(std::string_view path) {
    std::vector<std::string_view> out;
    std::size_t start = 1;
    while (start <= path.size()) {
        auto slash = path.find('/', start);
        if (slash == std::string_view::npos) {
            slash = path.size();
        }
        out.push_back(path.substr(start, slash - start));
        start = slash + 1;
    }
    return out;
}

Response lwa_error(unsigned status, std::string_view code, std::string_view description) {
    Response r;
    r.status = status;
    json::object body{{"error", code}, {"error_description", description}};
    r.body = json::serialize(body);
    return r;
}

} // namespace

Response expired_token_response() {
    return error_response(403, "Unauthorized", "Access to requested resource is denied.",
                          "The access token you provided has expired.");
}

const OrderVersion* OrderRecord::current(Millis now) const {
    for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
        if (it->visible <= now) {
            return &*it;
        }
    }
    return nullptr;
}

Sandbox::Sandbox(Options options, Clock& clock) : m_options(std::move(options)), m_clock(clock) {}

std::string Sandbox::next_request_id() {
    const auto n = ++m_request_counter;
    char buf[48];
    std::snprintf(buf, sizeof buf, "5a4d0000-0000-4000-8000-%012llx",
                  static_cast<unsigned long long>(n));
    return buf;
}

std::string Sandbox::next_id(std::string_view prefix) {
    ++m_id_counter;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%08llu", static_cast<unsigned long long>(m_id_counter));
    return std::string(prefix) + buf;
}

void Sandbox::count_call(const std::string& operation, bool throttled) {
    std::lock_guard lock(m_mutex);
    ++m_calls[operation];
    if (throttled) {
        ++m_throttled[operation];
    }
}

RequestInfo Sandbox::identify(const Request& request) const {
    RequestInfo info;
    const auto seg = split_path(request.path);
    const auto& m = request.method;
    const auto n = seg.size();
    if (n >= 1 && seg[0] == "_sandbox") {
        info.control = true;
        info.operation = "control";
        return info;
    }
    if (n >= 2 && seg[0] == "_documents") {
        info.operation = m == "PUT" ? "uploadDocument" : "downloadDocument";
        return info;
    }
    if (n == 3 && seg[0] == "auth" && seg[1] == "o2" && seg[2] == "token" && m == "POST") {
        info.operation = "token";
        return info;
    }
    if (n == 3 && seg[0] == "apps" && seg[1] == "authorize" && seg[2] == "consent" && m == "GET") {
        info.operation = "consent";
        return info;
    }
    info.needs_auth = true;
    if (!m_static_ops.empty()) {
        const auto* op = match_static(request);
        info.operation = op ? op->operation_id : "";
        info.needs_auth = op != nullptr;
        return info;
    }
    if (n == 3 && seg[0] == "sellers" && seg[1] == "v1" && seg[2] == "marketplaceParticipations") {
        info.operation = "getMarketplaceParticipations";
    } else if (n >= 3 && seg[0] == "orders" && seg[1] == "2026-01-01" && seg[2] == "orders") {
        if (n == 3 && m == "GET") {
            info.operation = "searchOrders";
        } else if (n == 4 && m == "GET") {
            info.operation = "getOrder";
        }
    } else if (n == 5 && seg[0] == "orders" && seg[1] == "v0" && seg[2] == "orders" &&
               seg[4] == "shipmentConfirmation" && m == "POST") {
        info.operation = "confirmShipment";
    } else if (n >= 3 && seg[0] == "feeds" && seg[1] == "2021-06-30") {
        if (seg[2] == "documents") {
            info.operation = n == 3 && m == "POST"  ? "createFeedDocument"
                             : n == 4 && m == "GET" ? "getFeedDocument"
                                                    : "";
        } else if (seg[2] == "feeds") {
            info.operation = n == 3 && m == "POST"     ? "createFeed"
                             : n == 3 && m == "GET"    ? "getFeeds"
                             : n == 4 && m == "GET"    ? "getFeed"
                             : n == 4 && m == "DELETE" ? "cancelFeed"
                                                       : "";
        }
    } else if (n >= 3 && seg[0] == "reports" && seg[1] == "2021-06-30") {
        if (seg[2] == "documents") {
            info.operation = n == 4 && m == "GET" ? "getReportDocument" : "";
        } else if (seg[2] == "reports") {
            info.operation = n == 3 && m == "POST"     ? "createReport"
                             : n == 3 && m == "GET"    ? "getReports"
                             : n == 4 && m == "GET"    ? "getReport"
                             : n == 4 && m == "DELETE" ? "cancelReport"
                                                       : "";
        }
    } else if (n == 5 && seg[0] == "listings" && seg[1] == "2021-08-01" && seg[2] == "items") {
        info.operation = m == "GET" ? "getListingsItem" : m == "PATCH" ? "patchListingsItem" : "";
    } else if (n == 4 && seg[0] == "fba" && seg[1] == "inventory" && seg[2] == "v1" &&
               seg[3] == "summaries" && m == "GET") {
        info.operation = "getInventorySummaries";
    }
    if (info.operation.empty()) {
        info.needs_auth = false;
    }
    return info;
}

bool Sandbox::check_token(const Request& request, Response& denied) {
    const auto token = request.header("x-amz-access-token");
    if (token.empty()) {
        denied = error_response(403, "Unauthorized", "Access to requested resource is denied.",
                                "Access token is missing in the request header.");
        return false;
    }
    const auto it = m_access_tokens.find(token);
    if (it == m_access_tokens.end()) {
        denied = error_response(403, "Unauthorized", "Access to requested resource is denied.",
                                "The access token you provided is revoked, malformed or invalid.");
        return false;
    }
    if (it->second <= m_clock.now()) {
        denied = expired_token_response();
        return false;
    }
    return true;
}

Response Sandbox::handle(const Request& request, const RequestInfo& info, const Fault* fault) {
    if (info.control) {
        return handle_control(request);
    }
    std::lock_guard lock(m_mutex);
    const Millis now = m_clock.now();
    advance_jobs(now);
    if (info.operation == "token") {
        return handle_token(request);
    }
    if (info.operation == "consent") {
        return handle_consent(request);
    }
    if (info.operation == "uploadDocument" || info.operation == "downloadDocument") {
        return handle_documents(request);
    }
    if (info.operation.empty()) {
        return error_response(404, "NotFound", "Resource not found.",
                              "No SP-API operation matches " + request.method + " " + request.path);
    }
    Response denied;
    if (info.needs_auth && !check_token(request, denied)) {
        return denied;
    }
    if (!m_static_ops.empty()) {
        return handle_static(request);
    }
    const auto& op = info.operation;
    if (op == "searchOrders") {
        return handle_search_orders(request, fault);
    }
    if (op == "getOrder") {
        return handle_get_order(request);
    }
    if (op == "confirmShipment") {
        return handle_confirm_shipment(request);
    }
    if (op == "createFeedDocument" || op == "getFeedDocument" || op == "createFeed" ||
        op == "getFeeds" || op == "getFeed" || op == "cancelFeed") {
        return handle_feeds(request, op);
    }
    if (op == "createReport" || op == "getReports" || op == "getReport" || op == "cancelReport" ||
        op == "getReportDocument") {
        return handle_reports(request, op);
    }
    if (op == "getListingsItem" || op == "patchListingsItem") {
        return handle_listings(request, op);
    }
    if (op == "getInventorySummaries") {
        return handle_inventory(request);
    }
    return handle_participations(request);
}

Response Sandbox::handle_token(const Request& request) {
    // Amazon's LWA takes a form, and JSON too (the community auth client sends JSON).
    const bool is_json = request.header("content-type").rfind("application/json", 0) == 0;
    std::vector<std::pair<std::string, std::string>> form;
    if (is_json) {
        boost::system::error_code ec;
        const auto body = json::parse(request.body, ec);
        if (ec || !body.is_object()) {
            return lwa_error(400, "invalid_request", "The request body is not a JSON object.");
        }
        for (const auto& [k, v] : body.as_object()) {
            if (v.is_string()) {
                form.emplace_back(std::string(k), std::string(v.as_string()));
            }
        }
    } else {
        form = parse_form(request.body);
    }
    const auto get = [&](std::string_view key) {
        for (const auto& [k, v] : form) {
            if (k == key) {
                return v;
            }
        }
        return std::string();
    };
    const auto grant = get("grant_type");
    const auto client_id = get("client_id");
    const auto client_secret = get("client_secret");
    if (grant.empty() || client_id.empty() || client_secret.empty()) {
        return lwa_error(400, "invalid_request",
                         "The request is missing a required parameter: grant_type, client_id "
                         "and client_secret are required.");
    }
    if ((!m_client_id.empty() && client_id != m_client_id) ||
        (!m_client_secret.empty() && client_secret != m_client_secret)) {
        return lwa_error(401, "invalid_client",
                         "Client authentication failed: unknown client or wrong client secret.");
    }
    std::string refresh = get("refresh_token");
    if (grant == "refresh_token") {
        if (refresh.empty()) {
            return lwa_error(400, "invalid_request", "The request is missing refresh_token.");
        }
        const auto revoked =
            std::find(m_revoked_refresh_tokens.begin(), m_revoked_refresh_tokens.end(), refresh);
        const bool unknown = !m_refresh_tokens.empty() &&
                             std::find(m_refresh_tokens.begin(), m_refresh_tokens.end(), refresh) ==
                                 m_refresh_tokens.end();
        if (revoked != m_revoked_refresh_tokens.end() || unknown) {
            return lwa_error(400, "invalid_grant",
                             "The request has an invalid grant parameter : refresh_token");
        }
    } else if (grant == "authorization_code") {
        if (get("code").empty()) {
            return lwa_error(400, "invalid_request", "The request is missing code.");
        }
        if (auto redeemed = redeem_auth_code(get("code"), get("redirect_uri")); !redeemed) {
            return lwa_error(400, "invalid_grant", redeemed.error().message);
        }
        refresh = "Atzr|sandbox-refresh-" + next_id("");
        m_refresh_tokens.push_back(refresh);
    } else if (grant == "client_credentials") {
        if (get("scope").empty()) {
            return lwa_error(400, "invalid_scope", "client_credentials needs a scope.");
        }
    } else {
        return lwa_error(400, "unsupported_grant_type",
                         "grant_type must be refresh_token, authorization_code or "
                         "client_credentials.");
    }
    const std::string token = "Atza|sandbox-access-" + next_id("");
    m_access_tokens[token] = m_clock.now() + k_hour;
    json::object body;
    body["access_token"] = token;
    if (!refresh.empty()) {
        body["refresh_token"] = refresh;
    }
    body["token_type"] = "bearer";
    body["expires_in"] = 3600;
    Response r;
    r.body = json::serialize(body);
    return r;
}

} // namespace amzconn::sandbox
