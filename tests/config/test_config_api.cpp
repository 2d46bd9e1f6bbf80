// Valid configs: examples, typed values and defaults, JSON outputs, and the generated README.
#include "support.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdlib.h>
#include <unistd.h>

using namespace amzconn::config;
using config_test::store;

namespace {

const std::filesystem::path k_config_dir = AMZCONN_CONFIG_DIR;

std::string read(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

Config load_ok(const std::string& yaml, const LoadContext& ctx = config_test::context()) {
    const auto result = load("ok.yaml", yaml, ctx);
    INFO(diagnostics_json(result));
    REQUIRE(result.ok());
    return *result.config;
}

LoadContext demo_context() {
    LoadContext ctx;
    ctx.env_defined = [](std::string_view name) { return name.starts_with("AMZCONN_"); };
    ctx.env_value = [](std::string_view name) -> std::optional<std::string> {
        if (name == "AMZCONN_SANDBOX_URL") {
            return "http://127.0.0.1:18080";
        }
        return "not-a-url"; // credentials are never expanded: this must not matter
    };
    return ctx;
}

} // namespace

TEST_CASE("config: every example is valid") {
    int count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(k_config_dir / "examples")) {
        if (entry.path().extension() != ".yaml") {
            continue;
        }
        ++count;
        const auto result = load_file(entry.path(), demo_context());
        INFO(entry.path().string() << ": " << diagnostics_json(result));
        CHECK(result.ok());
        CHECK(result.diagnostics.empty());
    }
    CHECK(count == 6);
}

TEST_CASE("config: config/README.md is the generated reference") {
    const std::string committed = read(k_config_dir / "README.md");
    CHECK_MESSAGE(committed == reference_markdown(),
                  "config/README.md is stale: run `amzconn-config doc > config/README.md`");
}

TEST_CASE("config: config/amzconn-settings.schema.json is the generated JSON Schema") {
    const std::string committed = read(k_config_dir / "amzconn-settings.schema.json");
    CHECK_MESSAGE(committed == json_schema_file(),
                  "config/amzconn-settings.schema.json is stale: run `amzconn-config schema > "
                  "config/amzconn-settings.schema.json`");
    CHECK(boost::json::parse(committed) == boost::json::parse(json_schema()));
}

TEST_CASE("config: the README's index from other products' options names only real keys") {
    const std::string readme = reference_markdown();
    std::set<std::string> products;
    for (const auto& entry : option_index()) {
        INFO(entry.product << " / " << entry.option);
        products.emplace(entry.product);
        CHECK_FALSE(entry.option.empty());
        CHECK((!entry.keys.empty() || !entry.job.empty())); // each option leads somewhere
        for (const auto& key : entry.keys) {
            CHECK_MESSAGE(readme.find("| `" + std::string(key) + "` |") != std::string::npos,
                          "no key " << key);
        }
    }
    // Every seed product page is indexed, with the options the issue names as examples.
    CHECK(products == std::set<std::string>{"Koongo", "Unleashed", "Stockagile", "Order Desk"});
    const auto row = [&](std::string_view option, std::string_view key) {
        for (const auto& entry : option_index()) {
            if (entry.option.starts_with(option) &&
                std::find(entry.keys.begin(), entry.keys.end(), key) != entry.keys.end()) {
                return true;
            }
        }
        return false;
    };
    CHECK(row("Stock on Hand Export Frequency", "stores[].schedules.stock"));
    CHECK(row("Crop Amazon Seller SKU", "stores[].products.sku_crop.prefix"));
    CHECK(row("Automatically Check", "stores[].schedules.orders"));
    CHECK(readme.find("| Order Desk | Get Submitted Feed Log |  | `poll_feeds` |") !=
          std::string::npos);
}

TEST_CASE("config: the README lists every key of the JSON Schema") {
    const std::string readme = reference_markdown();
    CHECK(readme.find("| `stores[].orders.fbm.auto_assign` |") != std::string::npos);
    CHECK(readme.find("| `stores[].orders.fba.guest_name` |") != std::string::npos);
    CHECK(readme.find("| `instance.timeouts.low_speed_s` |") != std::string::npos);
    CHECK(readme.find("| `stores[].products.sku_crop.replace[].pattern` |") != std::string::npos);
}

TEST_CASE("config: defaults come from the schema") {
    const Config c = load_ok(store(""));
    CHECK(c.instance.max_stores == 5);
    CHECK(c.instance.log_retention_days == 7);
    CHECK(c.instance.timeouts.connect_s == 10);
    CHECK_FALSE(c.instance.proxy.has_value());
    REQUIRE(c.stores.size() == 1);
    const StoreConfig& s = c.stores[0];
    CHECK(s.alias == "uk1");
    CHECK(s.marketplaces.primary->id == "A1F83G8C2ARO7P");
    CHECK(s.marketplaces.region == amzconn::amazon::Region::eu);
    CHECK(s.credentials.refresh_token == SecretRef{SecretRef::Kind::secret, "rt"});
    CHECK_FALSE(s.status.open);
    CHECK(s.status.on_open == OnOpen::catch_up_from_cursor);
    CHECK(s.sync_level == SyncLevel::orders_and_stock);
    CHECK(s.schedules.orders == Schedule{Schedule::Kind::every, std::chrono::hours{1}});
    CHECK(s.schedules.prices == Schedule{Schedule::Kind::every, std::chrono::hours{24}});
    CHECK(s.orders.fbm.enabled);
    CHECK(s.orders.fbm.statuses == std::vector{AmazonOrderStatus::unshipped});
    CHECK_FALSE(s.orders.fba.enabled);
    CHECK(s.orders.fba.statuses == std::vector{AmazonOrderStatus::shipped});
    CHECK(s.orders.fba.guest_name == "{store} FBA {currency} Amazon Guests");
    CHECK(s.orders.fbm.host_status == HostOrderStatus::placed);
    CHECK(s.orders.fbm.auto_assign == AutoAssign::disabled);
    CHECK(s.products.identification == Identification::seller_sku);
    CHECK(s.products.lead_time_days == 2);
    CHECK(s.taxes.prices_include_tax == PricesIncludeTax::auto_by_marketplace);
    CHECK(s.shipping.default_carrier == "Other");
    CHECK(s.cancellations.default_reason == CancelReason::NoInventory);
    CHECK(s.cancellations.batch_delay == std::chrono::minutes{5});
    CHECK(s.stock.enabled);
    CHECK(s.stock.buffer == 0);
    CHECK_FALSE(s.stock.maximum.has_value());
    CHECK_FALSE(s.prices.enabled);
}

TEST_CASE("config: written values reach the typed config") {
    const Config c =
        load_file(k_config_dir / "examples" / "unleashed.yaml", demo_context()).config.value();
    REQUIRE(c.stores.size() == 3);
    const StoreConfig& uk = c.stores[0];
    CHECK(uk.marketplaces.further.size() == 4);
    CHECK(uk.status.on_open == OnOpen::catch_up_from_install);
    CHECK(uk.orders.fbm.customer.strategy == CustomerStrategy::single_customer);
    CHECK(uk.orders.fbm.customer.code == "AMAZON-UK");
    CHECK(uk.orders.fbm.consolidation == Consolidation::daily);
    CHECK(uk.orders.fbm.auto_assign == AutoAssign::both);
    CHECK(uk.orders.fba.host_status == HostOrderStatus::completed);
    CHECK(uk.orders.fba.warehouse == "FBA-UK");
    CHECK(uk.taxes.mode == TaxMode::order_charge);
    CHECK(uk.taxes.charges_sales_account == "4000");
    CHECK(uk.stock.warehouses == std::vector<std::string>{"MAIN", "OVERFLOW"});
    CHECK(uk.stock.include_assembly);
    CHECK(uk.stock.buffer == 2);
    CHECK(uk.schedules.stock == Schedule{Schedule::Kind::every, std::chrono::minutes{30}});
    CHECK(c.stores[1].marketplaces.region == amzconn::amazon::Region::na);
    CHECK(c.stores[2].retired);

    const Config k =
        load_file(k_config_dir / "examples" / "koongo.yaml", demo_context()).config.value();
    CHECK(k.stores[0].products.sku_crop.prefix == "SHOP-");
    CHECK(k.stores[0].products.sku_crop.replace.at(0).with == "-");
    CHECK(k.stores[0].taxes.prices_include_tax == PricesIncludeTax::yes);
    CHECK(k.stores[0].shipping.default_method == "DHL Paket");
    CHECK(k.stores[0].credentials.refresh_token.kind == SecretRef::Kind::file);

    const Config s =
        load_file(k_config_dir / "examples" / "stockagile.yaml", demo_context()).config.value();
    CHECK(s.stores[0].schedules.stock.kind == Schedule::Kind::on_change);
    CHECK(s.stores[0].schedules.orders.every == std::chrono::minutes{15});
    CHECK(s.stores[0].stock.maximum == 500);
}

TEST_CASE("config: a retired store does not count against max_stores") {
    const Config c = load_ok("instance: {max_stores: 1}\n" +
                             store("  - alias: old\n"
                                   "    retired: true\n"
                                   "    marketplaces: {primary: DE}\n"
                                   "    seller_id: A2EXAMPLE2\n"
                                   "    credentials: {lwa_client_id: \"${secret:a}\", "
                                   "lwa_client_secret: \"${secret:b}\", "
                                   "refresh_token: \"${secret:c}\"}\n"));
    CHECK(c.stores.size() == 2);
}

TEST_CASE("config: an explicit migration allows a new product identification") {
    LoadContext ctx = config_test::context();
    ctx.installed = {{"uk1", "seller_sku"}};
    load_ok(store("    products: {identification: asin, identification_migration: true}\n"), ctx);
    ctx.allow_identification_migration = true;
    const Config c = load_ok(store("    products: {identification: asin}\n"), ctx);
    CHECK(c.stores[0].products.identification == Identification::asin);
}

TEST_CASE("config: loopback http endpoints are allowed for the sandbox") {
    CHECK(load_ok(store("    endpoint: http://127.0.0.1:8080\n")).stores[0].endpoint ==
          "http://127.0.0.1:8080");
    CHECK(load_ok(store("    endpoint: http://[::1]:8080/\n")).stores[0].endpoint.has_value());
    CHECK(load_ok(store("    endpoint: http://LOCALHOST:8080\n")).stores[0].endpoint.has_value());
    CHECK(load_ok(store("    endpoint: ${env:SET_LOOPBACK}\n")).stores[0].endpoint ==
          "${env:SET_LOOPBACK}");
    CHECK(load_ok(store("    endpoint: https://sellingpartnerapi-fe.amazon.com\n"))
              .stores[0]
              .endpoint.has_value());
}

TEST_CASE("config: the Order Desk example's location filter names its warehouse code") {
    const Config c =
        load_file(k_config_dir / "examples" / "orderdesk.yaml", demo_context()).config.value();
    const auto& eu = c.stores.at(1);
    // inventory_locations matches host warehouse codes exactly: the filter must use the code.
    REQUIRE(eu.filters.inventory_locations.size() == 1);
    CHECK(eu.filters.inventory_locations[0] == eu.orders.fbm.warehouse.value());
    // The EU store shows the VAT-inclusive settings.
    CHECK(eu.taxes.prices_include_tax == PricesIncludeTax::yes);
    CHECK(eu.taxes.mode == TaxMode::line);
}

TEST_CASE("config: a country list that starts with -XX loads as Order Desk's -US,CA,MX, every "
          "code an exclusion") {
    const auto config = load_ok(store("    filters: {countries: [-DE, AT, DE]}\n"));
    CHECK(config.stores.at(0).filters.countries ==
          std::vector<std::string>{"-DE", "AT", "DE"}); // no "both included and excluded"
}

TEST_CASE("config: tls.ca_file reaches the typed config and the effective JSON") {
    char tmpl[] = "/tmp/amzconn_ca_XXXXXX";
    const int fd = ::mkstemp(tmpl);
    REQUIRE(fd >= 0);
    ::close(fd);
    const std::string ca = tmpl;
    const auto config = load_ok(store("instance:\n  tls: {ca_file: " + ca + "}\n"));
    CHECK(config.instance.tls.ca_file == ca);
    CHECK(to_json(config).find("\"tls\":{\"ca_file\":\"" + ca + "\"}") != std::string::npos);
    CHECK_FALSE(load_ok(store("")).instance.tls.ca_file.has_value());
    ::unlink(tmpl);
}

TEST_CASE("config: a warning does not fail the load") {
    const auto result = load("w.yaml", store("    orders:\n      fbm: {customer: {code: X}}\n"),
                             config_test::context());
    CHECK(result.ok());
    REQUIRE(result.diagnostics.size() == 1);
    CHECK(format(result.diagnostics[0]) ==
          "w.yaml:10:30: warning: stores[0].orders.fbm.customer.code: customer.code is used "
          "only with strategy single_customer; it is ignored");
}

TEST_CASE("config: every key this build ignores is accepted with a warning that says so") {
    const std::string ignored = "this build ignores this key: it has no effect yet (its job has "
                                "not landed); remove it, or keep it for a later version";
    struct Case {
        std::string yaml;
        std::string where; // line:col: path
    };
    const std::vector<Case> cases = {
        {"    shipping:\n      ship_from: {address_line1: A 1, city: B, postal_code: C1, "
         "country_code: DE}\n",
         "10:7: stores[0].shipping.ship_from"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.yaml);
        const auto result = load("w.yaml", store(c.yaml), config_test::context());
        CHECK(result.ok());
        REQUIRE(result.diagnostics.size() == 1);
        CHECK(format(result.diagnostics[0]) ==
              "w.yaml:" + c.where.substr(0, c.where.find(' ')) +
                  " warning: " + c.where.substr(c.where.find(' ') + 1) + ": " + ignored);
    }
    // Keys that are acted on, and defaults of ignored keys, do not warn.
    for (const char* yaml :
         {"    shipping: {default_method: Standard}\n",
          "    shipping: {default_service: Std, default_carrier: UPS}\n",
          "    shipping: {carriers: {DHL Express: DHL}, supply_source_id: S1}\n",
          "    cancellations: {default_reason: BuyerCanceled, batch_delay: 10m}\n",
          "    cancellations: {accept_buyer_requests: true}\n",
          "    products: {sync_from_amazon: true}\n"}) {
        CAPTURE(yaml);
        const auto acted = load("w.yaml", store(yaml), config_test::context());
        CHECK(acted.ok());
        CHECK(acted.diagnostics.empty());
    }
}

TEST_CASE("config: every problem is reported in one run, in file order") {
    const auto result =
        load("many.yaml", store("    retired: yes\n    sync_level: all\n    colour: red\n"),
             config_test::context());
    REQUIRE(result.diagnostics.size() == 3);
    CHECK(result.diagnostics[0].line == 9);
    CHECK(result.diagnostics[1].line == 10);
    CHECK(result.diagnostics[2].line == 11);
}

TEST_CASE("config: a literal secret never appears in any output") {
    const std::string secret_value = "Atzr|IwEBI-very-secret-token";
    const auto result =
        load("s.yaml",
             "stores:\n  - alias: uk1\n    marketplaces: {primary: UK}\n"
             "    seller_id: A2EXAMPLE1\n    credentials:\n      lwa_client_id: ${secret:id}\n"
             "      lwa_client_secret: \"" +
                 secret_value + "\"\n      refresh_token: " + secret_value + "x\n",
             config_test::context());
    CHECK_FALSE(result.ok());
    CHECK(result.diagnostics.size() == 2);
    CHECK(diagnostics_json(result).find("very-secret") == std::string::npos);
    for (const auto& d : result.diagnostics) {
        CHECK(format(d).find("very-secret") == std::string::npos);
    }
}

TEST_CASE("config: diagnostics as JSON carry every field") {
    const auto result = load("d.yaml", store("    retired: no\n"), config_test::context());
    const auto json = boost::json::parse(diagnostics_json(result)).as_object();
    CHECK(json.at("ok") == false);
    const auto& d = json.at("diagnostics").as_array().at(0).as_object();
    CHECK(d.at("file") == "d.yaml");
    CHECK(d.at("line") == 9);
    CHECK(d.at("column") == 14);
    CHECK(d.at("severity") == "error");
    CHECK(d.at("path") == "stores[0].retired");
    CHECK(d.at("message") == "'no' is not a boolean; write true or false (without quotes)");
}

TEST_CASE("config: the effective JSON loads back to the same config") {
    for (const char* name : {"unleashed.yaml", "orderdesk.yaml", "koongo.yaml"}) {
        const auto first = load_file(k_config_dir / "examples" / name, demo_context());
        REQUIRE(first.ok());
        const std::string json = to_json(*first.config);
        CHECK(json.find("${secret:lwa_client_secret}") != std::string::npos);
        const auto second = load("effective.json", json, demo_context());
        INFO(name << ": " << diagnostics_json(second));
        REQUIRE(second.ok());
        CHECK(to_json(*second.config) == json);
    }
}

TEST_CASE("config: the JSON Schema flags secrets and lists every choice") {
    const auto schema = boost::json::parse(json_schema()).as_object();
    CHECK(schema.at("$schema") == "https://json-schema.org/draft/2020-12/schema");
    const auto& store_schema = schema.at("properties").at("stores").at("items").as_object();
    const auto& credentials = store_schema.at("properties").at("credentials").as_object();
    for (const char* key : {"lwa_client_id", "lwa_client_secret", "refresh_token"}) {
        CHECK(credentials.at("properties").at(key).at("x-secret") == true);
    }
    CHECK(store_schema.at("properties").at("alias").at("pattern") == "^(?:[a-z0-9-]{1,8})$");
    const auto& sync = store_schema.at("properties").at("sync_level").as_object();
    CHECK(sync.at("enum").as_array().size() == 2);
    CHECK(sync.at("default") == "orders_and_stock");
}

TEST_CASE("config: intervals parse exactly") {
    CHECK(parse_interval("90s") == std::chrono::seconds{90});
    CHECK(parse_interval("30m") == std::chrono::minutes{30});
    CHECK(parse_interval("2h") == std::chrono::hours{2});
    CHECK(parse_interval("1d") == std::chrono::hours{24});
    CHECK_FALSE(parse_interval("0m").has_value());
    CHECK_FALSE(parse_interval("05m").has_value());
    CHECK_FALSE(parse_interval("1.5h").has_value());
    CHECK_FALSE(parse_interval("h").has_value());
    CHECK_FALSE(parse_interval("10w").has_value());
}

TEST_CASE("config: secret references parse exactly") {
    CHECK(parse_secret_ref("${env:LWA_ID}") == SecretRef{SecretRef::Kind::env, "LWA_ID"});
    CHECK(parse_secret_ref("${file:/run/secrets/rt}") ==
          SecretRef{SecretRef::Kind::file, "/run/secrets/rt"});
    CHECK(parse_secret_ref("${secret:uk1 token}") ==
          SecretRef{SecretRef::Kind::secret, "uk1 token"});
    CHECK_FALSE(parse_secret_ref("${env:1BAD}").has_value());
    CHECK_FALSE(parse_secret_ref("${env:A}${env:B}").has_value());
    CHECK_FALSE(parse_secret_ref("prefix${env:A}").has_value());
    CHECK_FALSE(parse_secret_ref("${env:}").has_value());
}

TEST_CASE("config: CRLF line endings and a UTF-8 BOM read like a plain file") {
    std::string crlf;
    for (char c : store("    sync_level: stock_only\n")) {
        if (c == '\n') {
            crlf += '\r';
        }
        crlf += c;
    }
    CHECK(load_ok(crlf).stores[0].sync_level == SyncLevel::stock_only);
    const auto bom = load_ok("\xef\xbb\xbf" + store("    sync_level: stock_only\n"));
    CHECK(bom.stores[0].sync_level == SyncLevel::stock_only);
    CHECK(bom.stores[0].alias == "uk1");
}

TEST_CASE("config: marketplaces accept Amazon's code, the ISO code or the id") {
    const Config c = load_ok(
        "stores:\n  - alias: uk1\n    marketplaces: {primary: GB, further: [A1PA6795UKMFR9]}\n"
        "    seller_id: A2EXAMPLE1\n    credentials: {lwa_client_id: \"${secret:a}\", "
        "lwa_client_secret: \"${secret:b}\", refresh_token: \"${secret:c}\"}\n");
    CHECK(c.stores[0].marketplaces.primary->country_code == "UK");
    REQUIRE(c.stores[0].marketplaces.further.size() == 1);
    CHECK(c.stores[0].marketplaces.further[0]->country_code == "DE");
}

TEST_CASE("config: an installed store may be retired but not dropped") {
    LoadContext ctx = config_test::context();
    ctx.installed = {{"uk1", "seller_sku"}, {"old", "asin"}};
    const Config c = load_ok(store("  - alias: old\n"
                                   "    retired: true\n"
                                   "    marketplaces: {primary: DE}\n"
                                   "    seller_id: A2EXAMPLE2\n"
                                   "    products: {identification: asin}\n"
                                   "    credentials: {lwa_client_id: \"${secret:a}\", "
                                   "lwa_client_secret: \"${secret:b}\", "
                                   "refresh_token: \"${secret:c}\"}\n"),
                             ctx);
    CHECK(c.stores.size() == 2);
    CHECK(c.stores[1].retired);
}

TEST_CASE("config: the assembly keys warn while stock.include_assembly is off") {
    const auto result = amzconn::config::load(
        "a.yaml",
        config_test::store(
            "    stock:\n      assembly_mode: share_split\n      auto_assemble_attribute: kit\n"),
        config_test::context());
    REQUIRE(result.ok());
    const auto lines = config_test::formatted(result);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0] == "a.yaml:10:22: warning: stores[0].stock.assembly_mode: assembly_mode has no "
                      "effect while stock.include_assembly is false: set include_assembly: true "
                      "or remove it");
    CHECK(lines[1].find("stores[0].stock.auto_assemble_attribute: auto_assemble_attribute has "
                        "no effect") != std::string::npos);
    const auto on = amzconn::config::load(
        "b.yaml",
        config_test::store("    stock:\n      include_assembly: true\n      assembly_mode: "
                           "share_split\n      auto_assemble_attribute: kit\n"),
        config_test::context());
    REQUIRE(on.ok());
    CHECK(on.diagnostics.empty());
    CHECK(on.config->stores[0].stock.assembly_mode == amzconn::config::AssemblyMode::share_split);
    CHECK(on.config->stores[0].stock.auto_assemble_attribute == "kit");
}
