// dump: everything the host holds for the connector, for people (default) or as one JSON object.
#include "cli_args.hpp"
#include "commands.hpp"

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

std::string scalar_text(const json::value& value) {
    return value.is_string() ? std::string(value.as_string()) : json::serialize(value);
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
        out << "  " << json::serialize(rest);
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
            for (const auto field : {"kind", "amount", "tax_amount", "account"}) {
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
            out << "      metadata " << std::string_view(key) << "=" << scalar_text(value) << "\n";
        }
    }
}

int run_dump(CliContext& context, const CommandArgs& args) {
    auto parsed = parse_args(args, {{}, {"--json"}});
    if (!parsed) {
        return context.fail("dump", parsed.error());
    }
    if (!parsed->positionals.empty()) {
        return context.fail("dump", Error{Status::bad_input, "takes no arguments"});
    }
    const bool as_json = parsed->flag("--json");
    auto services = context.host();
    if (!services) {
        return context.fail("dump", services.error());
    }
    json::object dump;
    // Stores belong to the plugin. Without any plugin the host data is still dumped; a plugin
    // that is present but refused is an error like everywhere else.
    json::value stores = nullptr;
    auto connector = context.connector();
    if (connector) {
        auto listed = (*connector)->list_stores();
        if (!listed) {
            return context.fail("dump", listed.error());
        }
        boost::system::error_code ec;
        stores = json::parse(*listed, ec);
        if (ec) {
            return context.fail(
                "dump",
                Error{Status::internal, "the plugin's store list is not JSON: " + ec.message()});
        }
    } else if (connector.status() == Status::not_found) {
        context.err() << "amzconn-host: dump: stores not shown: " << connector.error().message
                      << "\n";
    } else {
        return context.fail("dump", connector.error());
    }
    dump["stores"] = stores;
    for (const auto& section : k_sections) {
        auto docs = (*services)->entity_query(section.kind, "");
        if (!docs) {
            return context.fail("dump", docs.error());
        }
        dump[section.name] = json::parse(*docs);
    }
    if (as_json) {
        context.out() << json::serialize(dump) << "\n";
        return k_exit_ok;
    }
    auto& out = context.out();
    if (stores.is_array()) {
        out << "stores (" << stores.as_array().size() << ")\n";
        for (const auto& store : stores.as_array()) {
            if (!store.is_object()) {
                continue;
            }
            const auto& object = store.as_object();
            const auto* open = object.if_contains("open");
            out << "  " << (object.contains("alias") ? scalar_text(object.at("alias")) : "?")
                << "  "
                << (open != nullptr && open->is_bool() && open->as_bool() ? "open" : "closed")
                << "\n";
        }
    } else {
        out << "stores (no plugin)\n";
    }
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
