#include "products/migration_job.hpp"

#include "engine/job_names.hpp"
#include "host/product_host_data.hpp"
#include "orders/order_settings.hpp"
#include "products/all_listings.hpp"
#include "products/product_import.hpp"
#include "products/rekey.hpp"

#include <boost/json.hpp>

namespace amzconn::plugin {
namespace json = boost::json;

using products::RekeyDecision;

namespace {

const char* decision_name(RekeyDecision d) {
    switch (d) {
    case RekeyDecision::unchanged:
        return "unchanged";
    case RekeyDecision::rebind:
        return "rebind";
    case RekeyDecision::unbound:
        return "unbound";
    case RekeyDecision::conflict:
        return "conflict";
    }
    return "conflict";
}

// The identity the store changes to, from argument "to".
Result<config::Products> target(const config::Products& today, const JobArgs& args) {
    config::Products to = today;
    const bool asin_today = today.identification == config::Identification::asin;
    const auto it = args.find("to");
    const std::string name = it != args.end() ? it->second : asin_today ? "seller_sku" : "asin";
    if (name != "asin" && name != "seller_sku") {
        return Error{Status::bad_input, "to '" + name + "' is neither asin nor seller_sku"};
    }
    to.identification =
        name == "asin" ? config::Identification::asin : config::Identification::seller_sku;
    if (to.identification == today.identification) {
        return Error{Status::bad_input,
                     "the store already identifies products by " + name + ": nothing to migrate"};
    }
    return to;
}

json::array listed(const products::RekeyPlan& plan) {
    json::array out;
    for (const auto& a : plan.actions) {
        if (a.decision == RekeyDecision::unchanged) {
            continue;
        }
        json::object row{{"decision", decision_name(a.decision)},
                         {"marketplace", a.marketplace},
                         {"sku", a.sku},
                         {"asin", a.asin},
                         {"product", a.product},
                         {"new_key", a.new_key}};
        if (!a.reason.empty()) {
            row["reason"] = a.reason;
        }
        out.push_back(std::move(row));
    }
    return out;
}

// The products given their new key; a refused write is counted and listed.
int64_t write(HostServices& host, const products::RekeyPlan& plan,
              const std::vector<StoredProduct>& stored, std::vector<std::string>& messages) {
    int64_t failed = 0;
    for (const auto& w : plan.writes) {
        json::object base;
        for (const auto& s : stored) {
            if (s.product.code == w.code) {
                base = s.document;
            }
        }
        const auto doc = product_document(w, std::move(base));
        if (auto up = host.entity_upsert("product", w.code, json::serialize(doc)); !up) {
            ++failed;
            messages.push_back("product " + w.code + " was not written: " + up.error().message);
        }
    }
    return failed;
}

} // namespace

Result<JobReport> run_migrate_identification(EngineContext& context, const JobArgs& args) {
    JobReport report = context.start_report(job_names::migrate_identification);
    const auto& today = context.store.products;
    TRY_ASSIGN(const auto to, target(today, args));
    const bool apply = args.contains("apply") && args.at("apply") == "true";
    if (apply && !today.identification_migration) {
        return Error{Status::bad_input,
                     "set products.identification_migration: true in the store's config and "
                     "install it before applying the migration (run it without apply first: "
                     "that dry run lists what changes)"};
    }
    TRY_ASSIGN(auto all, read_all_listings(context, job_names::migrate_identification));
    if (!all.ready) {
        report.status = "retry_later";
        report.messages = {all.retry_message};
        report.retry_after_s = 300;
        return context.finish(std::move(report));
    }
    TRY_ASSIGN(const auto stored, read_stored_products(context.host));
    std::vector<products::HostProduct> host;
    for (const auto& s : stored) {
        host.push_back(s.product);
    }
    TRY_ASSIGN(const auto plan, products::plan_rekey(all.listings, host, import_settings(today),
                                                     import_settings(to)));
    std::vector<std::string> messages = std::move(all.unreadable);
    const int64_t failed = apply ? write(context.host, plan, stored, messages) : 0;
    const auto count = [&](RekeyDecision d) { return static_cast<int64_t>(plan.count(d)); };
    report.counts = {
        {"unchanged", count(RekeyDecision::unchanged)},
        {"rebind", count(RekeyDecision::rebind)},
        {"unbound", count(RekeyDecision::unbound)},
        {"conflicts", count(RekeyDecision::conflict)},
        {"products_written", apply ? static_cast<int64_t>(plan.writes.size()) - failed : 0},
        {"failed", failed}};
    report.status =
        count(RekeyDecision::conflict) + failed > 0 || !messages.empty() ? "partial" : "ok";
    messages.push_back(apply ? "applied: now set products.identification and install the config"
                             : "dry run: nothing was written; run with apply=true to re-bind");
    report.messages = std::move(messages);
    report.extra = {{"dry_run", !apply}, {"bindings", listed(plan)}};
    return context.finish(std::move(report));
}

} // namespace amzconn::plugin
