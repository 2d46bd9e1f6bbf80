#include "products/listing_settings_job.hpp"

#include "engine/arg_list.hpp"
#include "engine/job_names.hpp"
#include "host/product_host_data.hpp"
#include "host/stock_host_data.hpp"
#include "orders/order_settings.hpp"
#include "products/listing_settings.hpp"

#include <boost/json.hpp>

namespace amzconn::plugin {
namespace json = boost::json;

namespace {

products::SettingAttributes attribute_names(const config::Products& p) {
    return {p.skip_attribute.value_or(""), p.lead_time_attribute.value_or(""),
            p.switch_fulfillment_attribute.value_or("")};
}

struct Tally {
    int64_t updated = 0, unchanged = 0, unknown = 0, conflicts = 0, failed = 0;
    json::array products;
    std::vector<std::string> messages;
};

// The products whose Seller SKU (the stock export's rule: the key field, else the code) is `key`.
std::vector<StoredProduct*> products_of(std::vector<StoredProduct>& all, const std::string& key,
                                        const orders::KeyField& field) {
    std::vector<StoredProduct*> found;
    for (auto& s : all) {
        const auto& p = s.product;
        auto sku = field.value_in(p.code, p.barcode, p.attributes);
        if ((sku.empty() ? p.code : sku) == key) {
            found.push_back(&s);
        }
    }
    return found;
}

// One SKU's edit; a SKU no product or several products have is counted and listed.
void edit(HostServices& host, const std::string& sku, const std::vector<StoredProduct*>& found,
          const products::SettingsChange& change, const products::SettingAttributes& names,
          Tally& tally) {
    if (found.size() != 1) {
        ++(found.empty() ? tally.unknown : tally.conflicts);
        std::string codes;
        for (const auto* s : found) {
            codes += (codes.empty() ? "" : ", ") + s->product.code;
        }
        tally.messages.push_back(
            "SKU " + sku + (found.empty() ? " is no host product's" : " is products " + codes) +
            ": nothing was set");
        return;
    }
    auto& product = found.front()->product;
    const bool changed = apply_settings(change, names, product.attributes);
    if (changed) {
        auto doc = product_document(product, found.front()->document);
        if (auto up = host.entity_upsert("product", product.code, json::serialize(doc)); !up) {
            ++tally.failed;
            tally.messages.push_back("product " + product.code + " (SKU " + sku +
                                     ") was not written: " + up.error().message);
            return;
        }
        found.front()->document = std::move(doc);
    }
    ++(changed ? tally.updated : tally.unchanged);
    tally.products.push_back(
        json::object{{"sku", sku}, {"product", product.code}, {"changed", changed}});
}

} // namespace

Result<JobReport> run_set_product_settings(EngineContext& context, const JobArgs& args) {
    JobReport report = context.start_report(job_names::set_product_settings);
    const auto& config = context.store.products;
    const auto it = args.find("skus");
    const auto skus = it == args.end() ? std::vector<std::string>() : split_arg_list(it->second);
    if (skus.empty()) {
        return Error{Status::bad_input, "give the SKUs to set in argument skus"};
    }
    JobArgs settings = args;
    settings.erase("skus");
    const auto names = attribute_names(config);
    TRY_ASSIGN(const auto change, products::parse_settings_change(settings, names));
    TRY_ASSIGN(auto stored, read_stored_products(context.host));
    const auto field = sku_field(config);
    const auto crop = product_settings(config).sku_crop;
    Tally tally;
    for (const auto& sku : skus) {
        TRY_ASSIGN(const auto key, orders::crop_sku(sku, crop));
        edit(context.host, sku, products_of(stored, key, field), change, names, tally);
    }
    report.status = tally.unknown + tally.conflicts + tally.failed > 0 ? "partial" : "ok";
    report.counts = {{"updated", tally.updated},
                     {"unchanged", tally.unchanged},
                     {"unknown", tally.unknown},
                     {"conflicts", tally.conflicts},
                     {"failed", tally.failed}};
    report.messages = std::move(tally.messages);
    report.extra = {{"products", std::move(tally.products)}};
    return context.finish(std::move(report));
}

} // namespace amzconn::plugin
