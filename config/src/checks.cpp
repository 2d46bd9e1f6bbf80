// Cross-key rules. Each diagnostic points at the key that has to change.
#include "checks.hpp"

#include "shown.hpp"

#include <algorithm>
#include <set>

namespace amzconn::config::detail {

namespace {

const char* identification_name(Identification id) {
    return id == Identification::asin ? "asin" : "seller_sku";
}

void check_marketplaces(StoreConfig& store, Walker& w, const std::string& path) {
    if (store.marketplaces.primary == nullptr) {
        return;
    }
    const amazon::Marketplace* primary = store.marketplaces.primary;
    store.marketplaces.region = primary->region;
    std::set<std::string_view> seen{primary->id};
    for (std::size_t i = 0; i < store.marketplaces.further.size(); ++i) {
        const amazon::Marketplace* m = store.marketplaces.further[i];
        const std::string p = index_path(path + ".marketplaces.further", i);
        if (!seen.insert(m->id).second) {
            w.error(w.mark_of(p), p,
                    "marketplace " + std::string(m->country_code) +
                        " is already listed for this store; remove it");
        } else if (m->region != primary->region) {
            w.error(w.mark_of(p), p,
                    "marketplace " + std::string(m->country_code) + " is in region " +
                        std::string(amazon::to_string(m->region)) + " but the primary " +
                        std::string(primary->country_code) + " is in " +
                        std::string(amazon::to_string(primary->region)) +
                        "; a store covers one region: add a second store for it");
        }
    }
}

// The errors are the schema's CrossRules (check_cross_rules); this is the warning beside them.
void check_channel(const ChannelOrders& c, Walker& w, const std::string& path) {
    const bool single = c.customer.strategy == CustomerStrategy::single_customer;
    if (!single && c.customer.code) {
        w.warning(w.mark_of(path + ".customer.code"), path + ".customer.code",
                  "customer.code is used only with strategy single_customer; it is ignored");
    }
}

// The value at a dotted path of an object with its defaults filled in; nullptr when unset.
const boost::json::value* value_at(const boost::json::object& object, std::string_view dotted) {
    const auto dot = dotted.find('.');
    const auto* value = object.if_contains(dotted.substr(0, dot));
    if (value == nullptr || dot == std::string_view::npos) {
        return value;
    }
    return value->is_object() ? value_at(value->as_object(), dotted.substr(dot + 1)) : nullptr;
}

bool rule_holds(const CrossRule& rule, const boost::json::object& object) {
    const auto* when = value_at(object, rule.when_key);
    if (when == nullptr || *when != rule.when_value) {
        return true;
    }
    const auto* then = value_at(object, rule.then_key);
    switch (rule.need) {
    case CrossRule::Need::present:
        return then != nullptr;
    case CrossRule::Need::equals:
        return then != nullptr && *then == rule.then_value;
    case CrossRule::Need::differs:
        return then == nullptr || *then != rule.then_value;
    }
    return true;
}

// Every CrossRule of the schema, over the config as emitted (defaults filled in), so a rule is
// written once for `validate` and the JSON Schema.
void check_cross_rules(const ObjectSpec& spec, const boost::json::object& object,
                       const std::string& path, Walker& w) {
    for (const auto& rule : spec.rules) {
        const std::string at = path + "." + rule.at;
        if (!rule_holds(rule, object)) {
            w.error(w.mark_of(at), at, rule.message);
        }
    }
    for (const auto& field : spec.fields) {
        const auto* value = object.if_contains(field.key);
        const std::string child = path.empty() ? field.key : path + "." + field.key;
        if (value == nullptr) {
            continue;
        }
        if (field.spec.type == Type::object && value->is_object()) {
            check_cross_rules(*field.spec.object, value->as_object(), child, w);
        } else if (field.spec.type == Type::array && field.spec.item->type == Type::object &&
                   value->is_array()) {
            for (std::size_t i = 0; i < value->as_array().size(); ++i) {
                if (const auto* item = value->as_array()[i].if_object()) {
                    check_cross_rules(*field.spec.item->object, *item, index_path(child, i), w);
                }
            }
        }
    }
}

void check_stock(const StoreConfig& store, Walker& w, const std::string& path) {
    std::set<std::string> fba(store.stock.fba_warehouses.begin(), store.stock.fba_warehouses.end());
    if (store.orders.fba.warehouse) {
        fba.insert(*store.orders.fba.warehouse);
    }
    for (std::size_t i = 0; i < store.stock.warehouses.size(); ++i) {
        const std::string& code = store.stock.warehouses[i];
        if (fba.count(code) != 0) {
            const std::string p = index_path(path + ".stock.warehouses", i);
            w.error(w.mark_of(p), p,
                    "warehouse " + shown(code) +
                        " holds FBA stock (orders.fba.warehouse or stock.fba_warehouses); "
                        "stock export must not count it: remove it from stock.warehouses");
        }
    }
    // The assembly keys act only with include_assembly: say so rather than accept them silently.
    if (!store.stock.include_assembly) {
        for (const char* key : {"assembly_mode", "auto_assemble_attribute"}) {
            const bool set = std::string_view(key) == "assembly_mode"
                                 ? store.stock.assembly_mode != AssemblyMode::can_assemble
                                 : store.stock.auto_assemble_attribute.has_value();
            if (set) {
                const std::string p = path + ".stock." + key;
                w.warning(w.mark_of(p), p,
                          std::string(key) + " has no effect while stock.include_assembly is "
                                             "false: set include_assembly: true or remove it");
            }
        }
    }
    if (store.orders.fbm.warehouse && fba.count(*store.orders.fbm.warehouse) != 0) {
        const std::string p = path + ".orders.fbm.warehouse";
        w.error(w.mark_of(p), p,
                "warehouse '" + *store.orders.fbm.warehouse +
                    "' holds FBA stock; FBM orders must ship from an FBM warehouse");
    }
}

void check_filters(const StoreConfig& store, Walker& w, const std::string& path) {
    const auto& countries = store.filters.countries;
    if (!countries.empty() && countries.front().starts_with('-')) {
        return; // a list that starts with an exclusion excludes every code it names
    }
    for (std::size_t i = 0; i < countries.size(); ++i) {
        if (!countries[i].starts_with('-')) {
            continue;
        }
        const std::string code = countries[i].substr(1);
        if (std::find(countries.begin(), countries.end(), code) != countries.end()) {
            const std::string p = index_path(path + ".filters.countries", i);
            w.error(w.mark_of(p), p,
                    "country " + code + " is both included and excluded; keep one of them");
        }
    }
}

void check_prices(const StoreConfig& store, Walker& w, const std::string& path) {
    std::set<std::string_view> sold;
    if (store.marketplaces.primary != nullptr) {
        sold.insert(store.marketplaces.primary->id);
    }
    for (const auto* m : store.marketplaces.further) {
        sold.insert(m->id);
    }
    std::set<std::string_view> tiered;
    for (const auto& [key, tier] : store.prices.tiers) {
        const amazon::Marketplace* m = amazon::find_marketplace(key);
        const std::string p = path + ".prices.tiers." + key;
        if (m == nullptr || sold.count(m->id) == 0) {
            w.error(w.mark_of(p), p,
                    shown(key) + " is not one of this store's marketplaces; use the country codes "
                                 "listed under marketplaces");
            continue;
        }
        tiered.insert(m->id);
    }
    if (store.prices.enabled && !store.prices.default_tier && tiered.size() < sold.size()) {
        const std::string p = path + ".prices.enabled";
        w.error(w.mark_of(p), p,
                "price export needs a price tier for every marketplace: add prices.tiers "
                "entries or prices.default_tier");
    }
}

} // namespace

namespace {

void check_unique_alias(const Config& config, std::size_t i, Walker& w) {
    const StoreConfig& store = config.stores[i];
    const std::string path = index_path("stores", i) + ".alias";
    for (std::size_t j = 0; j < i; ++j) {
        if (!store.alias.empty() && config.stores[j].alias == store.alias && !w.failed(path)) {
            const std::string first = index_path("stores", j) + ".alias";
            w.error(w.mark_of(path), path,
                    "alias " + shown(store.alias) + " is already used by " + first + " (line " +
                        std::to_string(w.mark_of(first).line) + "); aliases must be unique");
            return;
        }
    }
}

void check_max_stores(const Config& config, Walker& w) {
    const auto active = std::count_if(config.stores.begin(), config.stores.end(),
                                      [](const StoreConfig& s) { return !s.retired; });
    if (!config.stores.empty() && active > config.instance.max_stores &&
        !w.failed("instance.max_stores")) {
        w.error(w.mark_of("stores"), "stores",
                "this config has " + std::to_string(active) +
                    " active stores but instance.max_stores is " +
                    std::to_string(config.instance.max_stores) +
                    "; raise max_stores or set retired: true on a store");
    }
}

// An installed store keeps its entry (alias) and its product identification.
void check_installed(const Config& config, Walker& w) {
    const LoadContext& ctx = w.ctx();
    for (std::size_t i = 0; i < config.stores.size(); ++i) {
        if (w.failed(index_path("stores", i) + ".alias")) {
            return; // a misread alias would look like a removed store
        }
    }
    for (const auto& installed : ctx.installed) {
        const auto it =
            std::find_if(config.stores.begin(), config.stores.end(),
                         [&](const StoreConfig& s) { return s.alias == installed.alias; });
        if (it == config.stores.end()) {
            w.error(w.mark_of("stores"), "stores",
                    "store " + shown(installed.alias) +
                        " is installed but missing from this config; an installed store "
                        "cannot be renamed or removed: keep its entry (set retired: true to "
                        "stop it)");
            continue;
        }
        const std::string path =
            index_path("stores", static_cast<std::size_t>(it - config.stores.begin())) +
            ".products.identification";
        const std::string now = identification_name(it->products.identification);
        if (!installed.product_identification.empty() && now != installed.product_identification &&
            !it->products.identification_migration && !ctx.allow_identification_migration) {
            w.error(w.mark_of(path), path,
                    "product identification was " + shown(installed.product_identification) +
                        " at install and is now '" + now +
                        "'; changing it re-pairs every product: set "
                        "products.identification_migration: true to do it on purpose");
        }
    }
}

} // namespace

void check_rules(Config& config, Walker& w) {
    for (std::size_t i = 0; i < config.stores.size(); ++i) {
        StoreConfig& store = config.stores[i];
        const std::string path = index_path("stores", i);
        check_unique_alias(config, i, w);
        check_marketplaces(store, w, path);
        check_channel(store.orders.fbm, w, path + ".orders.fbm");
        check_channel(store.orders.fba, w, path + ".orders.fba");
        check_stock(store, w, path);
        check_filters(store, w, path);
        check_prices(store, w, path);
        if (store.taxes.mode == TaxMode::ignore && !store.taxes.tax_codes.empty()) {
            w.warning(w.mark_of(path + ".taxes.tax_codes"), path + ".taxes.tax_codes",
                      "tax_codes are not used when taxes.mode is ignore");
        }
    }
    const auto emitted = emit_object(&config, root_spec());
    check_cross_rules(root_spec(), emitted.as_object(), "", w);
    check_max_stores(config, w);
    check_installed(config, w);
}

} // namespace amzconn::config::detail
