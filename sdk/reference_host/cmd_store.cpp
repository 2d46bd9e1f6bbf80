// store: lists the installed stores, opens or closes one.
#include "cli_args.hpp"
#include "commands.hpp"
#include "escape_text.hpp"
#include "json_fields.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <ostream>

namespace amzconn::refhost {

namespace json = boost::json;

namespace {

// "A1F83G8C2ARO7P,A1PA6795UKMFR9" or "-".
std::string marketplaces_text(const json::object& store) {
    const auto* list = store.if_contains("marketplaces");
    std::string text;
    if (list != nullptr && list->is_array()) {
        for (const auto& id : list->as_array()) {
            text += (text.empty() ? "" : ",") +
                    (id.is_string() ? std::string(id.as_string()) : std::string("?"));
        }
    }
    return text.empty() ? "-" : text;
}

// "import_orders=300s,export_stock=900s" or "-" (a closed store runs no job).
std::string schedules_text(const json::object& store) {
    const auto* schedules = store.if_contains("schedules");
    std::string text;
    if (schedules != nullptr && schedules->is_object()) {
        for (const auto& [job, seconds] : schedules->as_object()) {
            text += (text.empty() ? "" : ",") + std::string(job) + "=" +
                    field_text(schedules->as_object(), job) + "s";
        }
    }
    return text.empty() ? "-" : text;
}

Result<int> store_list(CliContext& context, host::ConnectorHandle& connector, bool as_json) {
    TRY_ASSIGN(const auto stores, connector.list_stores());
    if (as_json) {
        context.out() << stores << "\n";
        return k_exit_ok;
    }
    boost::system::error_code ec;
    const json::value list = json::parse(stores, ec);
    if (ec || !list.is_array()) {
        return Error{Status::internal, "the plugin's store list is not a JSON array"};
    }
    if (list.as_array().empty()) {
        context.out() << "no stores: install a config with `amzconn-host install CONFIG.yaml`\n";
        return k_exit_ok;
    }
    auto& out = context.out();
    out << "ALIAS\tSTATUS\tNAME\tSYNC\tMARKETPLACES\tSCHEDULES\n";
    for (const auto& item : list.as_array()) {
        const auto* store = item.if_object();
        if (store == nullptr) {
            continue;
        }
        const auto cell = [&](std::string_view field) {
            const std::string text = field_text(*store, field);
            return text.empty() ? std::string("-") : escape_controls(text);
        };
        out << cell("alias") << "\t" << (field_text(*store, "open") == "true" ? "open" : "closed")
            << "\t" << cell("display_name") << "\t" << cell("sync_level") << "\t"
            << escape_controls(marketplaces_text(*store)) << "\t"
            << escape_controls(schedules_text(*store)) << "\n";
    }
    return k_exit_ok;
}

Result<int> store_body(CliContext& context, const CommandArgs& args) {
    TRY_ASSIGN(const auto parsed, parse_args(args, {{}, {"--json"}}));
    const auto& positionals = parsed.positionals;
    const std::string action = positionals.empty() ? "" : positionals[0];
    if (action != "list" && action != "open" && action != "close") {
        return Error{Status::bad_input,
                     (action.empty() ? "give an action" : "unknown action '" + action + "'") +
                         ": use list, open ALIAS or close ALIAS"};
    }
    if ((action == "list") != (positionals.size() == 1) || positionals.size() > 2) {
        return Error{Status::bad_input,
                     action == "list" ? "list takes no arguments" : action + ": give one ALIAS"};
    }
    TRY_ASSIGN(auto* connector, context.connector());
    if (action == "list") {
        return store_list(context, *connector, parsed.flag("--json"));
    }
    const std::string& alias = positionals[1];
    TRY_ASSIGN(const auto changed, connector->set_store_open(alias, action == "open"));
    if (parsed.flag("--json")) {
        context.out() << changed << "\n";
    } else {
        context.out() << "store " << alias << " is " << (action == "open" ? "open" : "closed")
                      << "\n";
    }
    return k_exit_ok;
}

int run_store(CliContext& context, const CommandArgs& args) {
    return context.finish("store", store_body(context, args));
}

} // namespace

CommandInfo store_command() {
    return {"store", "list stores, open or close a store",
            "usage: amzconn-host [--db FILE] [--plugin FILE] store list [--json]\n"
            "       amzconn-host [--db FILE] [--plugin FILE] store open ALIAS [--json]\n"
            "       amzconn-host [--db FILE] [--plugin FILE] store close ALIAS [--json]\n"
            "\n"
            "list    every installed store, one tab-separated line each under a header:\n"
            "        ALIAS STATUS NAME SYNC MARKETPLACES SCHEDULES (schedules as job=seconds;\n"
            "        a closed store has none)\n"
            "open    start syncing ALIAS (persisted; written to the connection log)\n"
            "close   stop syncing ALIAS; nothing is deleted\n"
            "\n"
            "  --json   the plugin's answer as JSON instead\n",
            run_store};
}

} // namespace amzconn::refhost
