// store: lists the installed stores, opens or closes one, retires one, releases one's job leases.
#include "cli_args.hpp"
#include "commands.hpp"
#include "escape_text.hpp"
#include "json_fields.hpp"
#include "store_retire.hpp"

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

// The report's messages, each on its own indented line.
std::string messages_text(const json::object& report) {
    std::string text;
    if (const auto* messages = report.if_contains("messages"); messages && messages->is_array()) {
        for (const auto& message : messages->as_array()) {
            if (message.is_string()) {
                text += "  " + escape_controls(std::string(message.as_string())) + "\n";
            }
        }
    }
    return text;
}

// `store unlock ALIAS`: the plugin's unlock_store job, then one line per lease it released.
Result<int> store_unlock(CliContext& context, host::ConnectorHandle& connector,
                         const std::string& alias, bool as_json) {
    TRY_ASSIGN(const auto answer, connector.run_job("unlock_store", alias, "{}"));
    if (as_json) {
        context.out() << answer << "\n";
        return k_exit_ok;
    }
    boost::system::error_code ec;
    const json::value report = json::parse(answer, ec);
    const auto* object = ec ? nullptr : report.if_object();
    if (object == nullptr) {
        return Error{Status::internal, "the plugin's unlock_store report is not a JSON object"};
    }
    const std::string status = field_text(*object, "status");
    if (status != "ok") { // store_closed, say: the report says why
        return Error{Status::bad_input, "store " + alias + ": nothing released (" + status +
                                            "):\n" + messages_text(*object)};
    }
    const auto* counts = object->if_contains("counts");
    const std::string released =
        counts && counts->is_object() ? field_text(counts->as_object(), "released") : "0";
    context.out() << "store " << escape_controls(alias) << ": released " << released
                  << " lease(s)\n"
                  << messages_text(*object);
    return k_exit_ok;
}

// `store retire ALIAS`: the installed config again with the store retired.
Result<int> store_retire(CliContext& context, const std::string& alias, bool as_json) {
    TRY_ASSIGN(const auto outcome, retire_store(context, alias, context.out(), context.err()));
    if (!outcome.installed) {
        context.err() << "amzconn-host: store retire " << alias
                      << ": the config with the store retired was refused; nothing changed\n";
        return k_exit_user;
    }
    if (as_json) {
        context.out() << outcome.report_json << "\n";
        return k_exit_ok;
    }
    print_install_warnings(outcome.report_json, context.out());
    context.out() << "store " << escape_controls(alias)
                  << " is retired: it runs nothing; its orders, products and log stay in the "
                     "host\n";
    return k_exit_ok;
}

Result<int> store_body(CliContext& context, const CommandArgs& args) {
    TRY_ASSIGN(const auto parsed, parse_args(args, {{}, {"--json"}}));
    const auto& positionals = parsed.positionals;
    const std::string action = positionals.empty() ? "" : positionals[0];
    if (action != "list" && action != "open" && action != "close" && action != "unlock" &&
        action != "retire") {
        return Error{Status::bad_input,
                     (action.empty() ? "give an action" : "unknown action '" + action + "'") +
                         ": use list, open ALIAS, close ALIAS, retire ALIAS or unlock ALIAS"};
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
    if (action == "unlock") {
        return store_unlock(context, *connector, alias, parsed.flag("--json"));
    }
    if (action == "retire") {
        return store_retire(context, alias, parsed.flag("--json"));
    }
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
    return {"store", "list stores, open, close or retire a store, release its job leases",
            "usage: amzconn-host [--db FILE] [--plugin FILE] store list [--json]\n"
            "       amzconn-host [--db FILE] [--plugin FILE] store open ALIAS [--json]\n"
            "       amzconn-host [--db FILE] [--plugin FILE] store close ALIAS [--json]\n"
            "       amzconn-host [--db FILE] [--plugin FILE] store retire ALIAS [--json]\n"
            "       amzconn-host [--db FILE] [--plugin FILE] store unlock ALIAS [--json]\n"
            "\n"
            "list    every installed store, one tab-separated line each under a header:\n"
            "        ALIAS STATUS NAME SYNC MARKETPLACES SCHEDULES (schedules as job=seconds;\n"
            "        a closed store has none)\n"
            "open    start syncing ALIAS (persisted; written to the connection log)\n"
            "close   stop syncing ALIAS; nothing is deleted\n"
            "retire  stop ALIAS for good: installs the config this host last installed again\n"
            "        with `retired: true` on the store (its entry and alias stay: an installed\n"
            "        store is never removed or renamed). It runs no job and makes no Amazon\n"
            "        call; its orders, products and log stay in the host. To bring it back,\n"
            "        set retired: false in the config, install it and open the store\n"
            "unlock  release every job lease of ALIAS (the plugin's unlock_store job) and name\n"
            "        each one released: its job, holder process, machine and expiry. For a\n"
            "        worker that died on another machine; make sure it is really gone first (a\n"
            "        live one stops at its next safe point). A lease whose holder died on this\n"
            "        machine is taken over by the next run anyway, and one on another machine\n"
            "        lapses within two minutes once nobody renews it\n"
            "\n"
            "  --json   the plugin's answer as JSON instead\n",
            run_store};
}

} // namespace amzconn::refhost
