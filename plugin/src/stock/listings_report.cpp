#include "stock/listings_report.hpp"

#include "engine/durations.hpp"
#include "engine/store_registry.hpp"
#include "spapi/documents_api.hpp"

#include <boost/json.hpp>

namespace amzconn::plugin {
namespace json = boost::json;

namespace {

constexpr std::string_view k_listings_report = "GET_MERCHANT_LISTINGS_ALL_DATA";
constexpr std::string_view k_listings_report_prefix = "stock/listings_report/";

std::string listings_report_key(std::string_view marketplace) {
    return std::string(k_listings_report_prefix) + std::string(marketplace);
}

// The listings report of a marketplace requested less than an hour ago, or a new request; with the
// host-state version of the remembered entry.
Result<std::pair<std::string, int64_t>> listings_report_id(EngineContext& context,
                                                           const std::string& marketplace) {
    auto& host = context.host;
    const auto ns = store_namespace(context.store.alias);
    const auto key = listings_report_key(marketplace);
    auto remembered = host.state_get(ns, key);
    if (!remembered && remembered.status() != Status::not_found) {
        return remembered.error();
    }
    int64_t version = k_version_absent;
    if (remembered) {
        version = remembered->version;
        boost::system::error_code ec;
        const auto doc = json::parse(remembered->value, ec);
        if (!ec && doc.is_object()) {
            const auto* at = doc.as_object().if_contains("requested_at_ms");
            const auto* id = doc.as_object().if_contains("report_id");
            if (at && at->is_int64() && id && id->is_string() &&
                host.now_ms() - at->as_int64() < k_report_reuse_ms) {
                return std::pair{std::string(id->as_string()), version};
            }
        }
    }
    TRY_ASSIGN(auto created,
               spapi::documents::create_report(
                   context.client, {std::string(k_listings_report), {marketplace}, {}, {}, {}}));
    const json::object doc{{"report_id", created}, {"requested_at_ms", host.now_ms()}};
    TRY_ASSIGN(const auto put, host.state_put(ns, key, json::serialize(doc), version));
    return std::pair{std::move(created), put};
}

// Follows a report until it ends, about a minute at most.
Result<std::optional<spapi::documents::Report>> wait_for_report(EngineContext& context,
                                                                const std::string& id) {
    for (int poll = 0; poll < k_report_polls; ++poll) {
        TRY_ASSIGN(auto got, spapi::documents::get_report(context.client, id));
        if (got.terminal()) {
            return std::optional(std::move(got));
        }
        if (context.cancel_requested()) {
            return Error{Status::cancelled, "cancelled while waiting for Amazon's listings "
                                            "report"};
        }
        TRY(context.host.sleep_ms(k_report_poll_ms));
    }
    return std::optional<spapi::documents::Report>();
}

} // namespace

Outcome request_listings_report(EngineContext& context, const std::string& marketplace) {
    TRY(listings_report_id(context, marketplace));
    return {};
}

namespace {

// The finished report's document, nullopt when Amazon has no listings there (CANCELLED).
Result<std::optional<spapi::documents::DocumentLocation>>
listings_report_document(EngineContext& context, const std::string& marketplace,
                         std::string_view job) {
    TRY_ASSIGN(const auto requested, listings_report_id(context, marketplace));
    const auto& [id, version] = requested;
    TRY_ASSIGN(const auto done, wait_for_report(context, id));
    if (!done) {
        return Error{Status::retry_later, "Amazon's listings report " + id + " for " + marketplace +
                                              " is not ready yet: run " + std::string(job) +
                                              " again in a few minutes (it follows this report "
                                              "and requests no other)"};
    }
    if (done->processing_status != "DONE") {
        // The next run asks for a fresh report; a DONE one is kept for the other marketplaces'.
        if (auto forgot = context.host.state_delete(store_namespace(context.store.alias),
                                                    listings_report_key(marketplace), version);
            !forgot && forgot.status() != Status::not_found &&
            forgot.status() != Status::conflict) {
            return forgot.error();
        }
    }
    if (done->processing_status == "CANCELLED") {
        return std::optional<spapi::documents::DocumentLocation>();
    }
    if (done->processing_status != "DONE" || !done->report_document_id) {
        return Error{Status::retry_later, "Amazon's listings report " + id + " for " + marketplace +
                                              " ended " + done->processing_status + ": run " +
                                              std::string(job) + " again later"};
    }
    TRY_ASSIGN(auto location,
               spapi::documents::get_report_document(context.client, *done->report_document_id));
    return std::optional(std::move(location));
}

} // namespace

Result<std::optional<spapi::TsvTable>>
read_listings_report(EngineContext& context, const std::string& marketplace, std::string_view job) {
    TRY_ASSIGN(const auto location, listings_report_document(context, marketplace, job));
    if (!location) {
        return std::optional<spapi::TsvTable>();
    }
    TRY_ASSIGN(auto table, spapi::documents::download_tsv_report(context.client, *location));
    return std::optional<spapi::TsvTable>(std::move(table));
}

Result<std::optional<std::string>> read_listings_report_text(EngineContext& context,
                                                             const std::string& marketplace,
                                                             std::string_view job) {
    TRY_ASSIGN(const auto location, listings_report_document(context, marketplace, job));
    if (!location) {
        return std::optional<std::string>();
    }
    TRY_ASSIGN(auto text, spapi::documents::download_document(context.client, *location));
    return std::optional<std::string>(std::move(text));
}

Outcome forget_listings_report(EngineContext& context, const std::string& marketplace) {
    auto forgot = context.host.state_delete(store_namespace(context.store.alias),
                                            listings_report_key(marketplace), k_version_any);
    if (!forgot && forgot.status() != Status::not_found) {
        return forgot.error();
    }
    return {};
}

} // namespace amzconn::plugin
