#include "products/product_import.hpp"

#include "engine/job_names.hpp"
#include "host/host_json.hpp"
#include "orders/order_settings.hpp"
#include "products/all_listings.hpp"

#include <boost/json.hpp>

namespace amzconn::plugin {
namespace json = boost::json;

using products::Decision;

namespace {

// Messages list at most this many conflicts and bad rows; the report's conflicts and bad_rows
// arrays list every one.
constexpr std::size_t k_listed_messages = 50;

json::array string_array(const std::vector<std::string>& items) {
    json::array out;
    for (const auto& item : items) {
        out.emplace_back(item);
    }
    return out;
}

} // namespace

products::ImportSettings import_settings(const config::Products& config) {
    const auto rules = product_settings(config);
    products::ImportSettings s;
    s.identification = rules.identification;
    s.key_field = orders::key_field(rules);
    s.crop = rules.sku_crop;
    s.sync_from_amazon = config.sync_from_amazon;
    return s;
}

ProductImport::ProductImport(EngineContext& context)
    : m_context(context), m_host(context.host), m_store(context.store) {}

Result<JobReport> ProductImport::run() {
    JobReport started = m_context.start_report(job_names::import_products);
    if (store_marketplace_ids(m_store).empty()) {
        return Error{Status::bad_input, "the store has no marketplaces: nothing to import"};
    }
    TRY_ASSIGN(auto all, read_all_listings(m_context, job_names::import_products));
    if (!all.ready) {
        started.status = "retry_later";
        started.messages = {all.retry_message};
        started.retry_after_s = 300;
        return m_context.finish(std::move(started));
    }
    m_listings = std::move(all.listings);
    // One marketplace's unreadable report does not stop the others'.
    m_failed += static_cast<int64_t>(all.unreadable.size());
    m_messages = std::move(all.unreadable);
    TRY_ASSIGN(const auto stored, read_stored_products(m_host));
    std::vector<products::HostProduct> host;
    host.reserve(stored.size());
    for (const auto& s : stored) {
        host.push_back(s.product);
    }
    TRY_ASSIGN(auto plan,
               products::plan_import(m_listings, host, import_settings(m_store.products)));
    plan.problems.insert(plan.problems.begin(), all.problems.begin(), all.problems.end());
    apply(plan, stored);
    if (m_context.cancel_requested()) {
        started.status = "cancelled";
    }
    return m_context.finish(report(std::move(started), plan));
}

void ProductImport::apply(const products::ImportPlan& plan,
                          const std::vector<StoredProduct>& stored) {
    std::map<std::string, const json::object*> documents;
    for (const auto& s : stored) {
        documents.emplace(s.product.code, &s.document);
    }
    for (const auto& action : plan.actions) {
        if (m_context.cancel_requested()) {
            return;
        }
        if (action.decision == Decision::create) {
            write(action, {});
        } else if (action.decision == Decision::update) {
            write(action, *documents.at(action.product.code));
        }
    }
}

// One product written; a refused one is counted and logged and the rest still go.
void ProductImport::write(const products::Action& action, json::object base) {
    const auto& code = action.product.code;
    const auto doc = product_document(action.product, std::move(base));
    if (auto up = m_host.entity_upsert("product", code, json::serialize(doc)); !up) {
        ++m_failed;
        const auto message = "product " + code + " (SKU " + action.skus.front() +
                             ") was not written: " + up.error().message;
        m_host.log(LogLevel::error, m_store.alias, action.skus.front(),
                   std::string(job_names::import_products) + ": " + message);
        m_messages.push_back(message);
        return;
    }
    ++(action.decision == Decision::create ? m_created : m_updated);
}

JobReport ProductImport::report(JobReport out, const products::ImportPlan& plan) const {
    json::array conflicts;
    json::array bad_rows;
    std::vector<std::string> messages = m_messages;
    for (const auto& a : plan.actions) {
        if (a.decision != Decision::conflict) {
            continue;
        }
        conflicts.push_back(json::object{{"key", a.key},
                                         {"skus", string_array(a.skus)},
                                         {"products", string_array(a.matched)},
                                         {"reason", a.reason}});
        if (conflicts.size() <= k_listed_messages) {
            messages.push_back("conflict: " + a.reason);
        }
    }
    for (const auto& p : plan.problems) {
        bad_rows.push_back(json::object{{"marketplace", p.marketplace},
                                        {"line", p.line},
                                        {"sku", p.sku},
                                        {"reason", p.message}});
        if (bad_rows.size() <= k_listed_messages) {
            messages.push_back(p.marketplace + " " + p.message);
        }
    }
    const auto count = [&](Decision d) { return static_cast<int64_t>(plan.count(d)); };
    out.counts = {{"listings", static_cast<int64_t>(m_listings.size())},
                  {"created", m_created},
                  {"updated", m_updated},
                  {"unchanged", count(Decision::unchanged)},
                  {"conflicts", count(Decision::conflict)},
                  {"bad_rows", static_cast<int64_t>(plan.problems.size())},
                  {"failed", m_failed}};
    if (out.status == "ok" && (!conflicts.empty() || !bad_rows.empty() || m_failed > 0)) {
        out.status = "partial";
    }
    out.messages = std::move(messages);
    out.extra = {{"sync_from_amazon", m_store.products.sync_from_amazon},
                 {"conflicts", std::move(conflicts)},
                 {"bad_rows", std::move(bad_rows)}};
    m_host.log(LogLevel::info, m_store.alias, "",
               std::string(job_names::import_products) + ": " +
                   std::to_string(out.count("created")) + " product(s) created, " +
                   std::to_string(out.count("updated")) + " updated, " +
                   std::to_string(out.count("unchanged")) + " unchanged, " +
                   std::to_string(out.count("conflicts")) + " conflict(s), " +
                   std::to_string(out.count("bad_rows")) + " bad row(s)");
    return out;
}

} // namespace amzconn::plugin
