// dump: everything the host holds for the connector, for people (default) or as one JSON object.
#include "cli_args.hpp"
#include "commands.hpp"
#include "escape_text.hpp"

#include <array>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <ostream>

namespace amzconn::refhost {

namespace json = boost::json;

namespace {

struct DumpSection {
    std::string_view name;                 // key in --json and heading
    std::string_view kind;                 // entity kind
    std::array<std::string_view, 5> shown; // fields on the one-line summary
};

constexpr std::array<DumpSection, 11> k_sections = {{
    {"warehouses", "warehouse", {"code", "name", "is_fba"}},
    {"products", "product", {"code", "description", "barcode", "is_assembly", "tracking"}},
    {"stock_levels", "stock_level", {"product", "warehouse", "on_hand", "allocated"}},
    {"price_tiers", "price_tier", {"name", "currency"}},
    {"customers", "customer", {"code", "name", "company"}},
    {"sales_orders",
     "sales_order",
     {"idempotency_key", "status", "customer", "warehouse", "currency"}},
    {"shipments", "shipment", {}},
    {"cancellations", "cancellation", {}},
    {"returns", "return", {}},
    {"failed_orders", "failed_order", {"store", "amazon_order_id", "reason", "attempts"}},
    {"feeds", "feed", {"store", "feed_id", "type", "status", "message_count"}},
}};

// Every field printed for people is escaped: a CR/LF in an Amazon value cannot forge a line.
std::string scalar_text(const json::value& value) {
    return escape_controls(value.is_string() ? std::string(value.as_string())
                                             : json::serialize(value));
}

void print_summary(std::ostream& out, const DumpSection& section, const json::object& doc) {
    out << "  #" << scalar_text(doc.contains("id") ? doc.at("id") : json::value());
    bool any = false;
    for (const auto field : section.shown) {
        if (field.empty()) {
            continue;
        }
        if (const auto* value = doc.if_contains(field); value != nullptr && !value->is_null()) {
            out << "  " << field << "=" << scalar_text(*value);
            any = true;
        }
    }
    if (!any) {
        json::object rest = doc;
        rest.erase("id");
        out << "  " << escape_controls(json::serialize(rest));
    }
    out << "\n";
}

// Sales orders also show their lines, charges and metadata.
void print_order_details(std::ostream& out, const json::object& order) {
    if (const auto* lines = order.if_contains("lines"); lines != nullptr && lines->is_array()) {
        for (const auto& item : lines->as_array()) {
            if (!item.is_object()) {
                continue;
            }
            const auto& line = item.as_object();
            out << "      line";
            for (const auto field : {"sku", "product", "quantity", "unit_price", "discount",
                                     "tax_rate", "tax_code", "tax_amount"}) {
                if (const auto* value = line.if_contains(field); value != nullptr) {
                    out << " " << field << "=" << scalar_text(*value);
                }
            }
            out << "\n";
        }
    }
    if (const auto* charges = order.if_contains("charges");
        charges != nullptr && charges->is_array()) {
        for (const auto& item : charges->as_array()) {
            if (!item.is_object()) {
                continue;
            }
            out << "      charge";
            for (const auto field :
                 {"kind", "amount", "tax_rate", "tax_code", "tax_amount", "account"}) {
                if (const auto* value = item.as_object().if_contains(field); value != nullptr) {
                    out << " " << field << "=" << scalar_text(*value);
                }
            }
            out << "\n";
        }
    }
    if (const auto* metadata = order.if_contains("metadata");
        metadata != nullptr && metadata->is_object()) {
        for (const auto& [key, value] : metadata->as_object()) {
            out << "      metadata " << escape_controls(key) << "=" << scalar_text(value) << "\n";
        }
    }
}

// Stores belong to the plugin. Without any plugin the host data is still dumped (stores null);
// a plugin that is present but refused is an error like everywhere else.
Result<json::value> plugin_stores(CliContext& context) {
    auto connector = context.connector();
    if (!connector && connector.status() == Status::not_found) {
        context.err() << "amzconn-host: dump: stores not shown: " << connector.error().message
                      << "\n";
        return json::value(nullptr);
    }
    TRY(connector);
    TRY_ASSIGN(const auto listed, (*connector)->list_stores());
    boost::system::error_code ec;
    json::value stores = json::parse(listed, ec);
    if (ec) {
        return Error{Status::internal, "the plugin's store list is not JSON: " + ec.message()};
    }
    return stores;
}

Result<json::object> build_dump(CliContext& context) {
    TRY_ASSIGN(auto* host, context.host());
    json::object dump;
    TRY_ASSIGN(dump["stores"], plugin_stores(context));
    for (const auto& section : k_sections) {
        TRY_ASSIGN(const auto docs, host->entity_query(section.kind, ""));
        dump[section.name] = json::parse(docs);
    }
    return dump;
}

void print_stores(std::ostream& out, const json::value& stores) {
    if (!stores.is_array()) {
        out << "stores (no plugin)\n";
        return;
    }
    out << "stores (" << stores.as_array().size() << ")\n";
    for (const auto& store : stores.as_array()) {
        if (!store.is_object()) {
            continue;
        }
        const auto& object = store.as_object();
        const auto* open = object.if_contains("open");
        out << "  " << (object.contains("alias") ? scalar_text(object.at("alias")) : "?") << "  "
            << (open != nullptr && open->is_bool() && open->as_bool() ? "open" : "closed") << "\n";
    }
}

Result<int> dump_body(CliContext& context, const CommandArgs& args) {
    TRY_ASSIGN(const auto parsed, parse_args(args, {{}, {"--json"}}));
    if (!parsed.positionals.empty()) {
        return Error{Status::bad_input, "takes no arguments"};
    }
    TRY_ASSIGN(const auto dump, build_dump(context));
    auto& out = context.out();
    if (parsed.flag("--json")) {
        out << json::serialize(dump) << "\n";
        return k_exit_ok;
    }
    print_stores(out, dump.at("stores"));
    for (const auto& section : k_sections) {
        const auto& docs = dump.at(section.name).as_array();
        out << section.name << " (" << docs.size() << ")\n";
        for (const auto& doc : docs) {
            print_summary(out, section, doc.as_object());
            if (section.kind == "sales_order") {
                print_order_details(out, doc.as_object());
            }
        }
    }
    return k_exit_ok;
}

int run_dump(CliContext& context, const CommandArgs& args) {
    return context.finish("dump", dump_body(context, args));
}

} // namespace

CommandInfo dump_command() {
    return {"dump", "show everything the host holds: stores, orders, master data, queues",
            "usage: amzconn-host [--db FILE] [--plugin FILE] dump [--json]\n"
            "\n"
            "Prints the stores (from the plugin), sales orders with lines, charges and metadata,\n"
            "customers, warehouses, products, stock levels, price tiers, shipments,\n"
            "cancellations, returns, the failed-order queue and the feed log. Without a plugin\n"
            "the host data is still printed (stores are then null).\n"
            "\n"
            "  --json   one JSON object keyed stores, warehouses, products, stock_levels,\n"
            "           price_tiers, customers, sales_orders, shipments, cancellations, returns,\n"
            "           failed_orders, feeds; each document carries its host \"id\"\n",
            run_dump};
}

} // namespace amzconn::refhost
