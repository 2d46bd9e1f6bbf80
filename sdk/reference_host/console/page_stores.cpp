// Stores: one tile per installed store (alias, name, marketplaces, open or closed with the toggle,
// the last import, the errors of the last 7 days, where its refresh token is, Connect to Amazon)
// and the toggle itself, which calls the same set_store_open as `amzconn-host store open|close`;
// "Add a store" (the configuration form with one more store) and, per store, "Retire"
// (page_stores_retire.cpp). A retired store shows as such.
#include "console/html.hpp"
#include "console/page_parts.hpp"
#include "json_fields.hpp"
#include "time_text.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>

namespace amzconn::refhost::console {

namespace json = boost::json;

namespace {

constexpr int64_t k_week_ms = 7LL * 24 * 3600 * 1000;

std::string marketplace_list(const json::object& store) {
    std::string text;
    if (const auto* list = store.if_contains("marketplaces"); list && list->is_array()) {
        for (const auto& id : list->as_array()) {
            text += (text.empty() ? "" : ", ") +
                    (id.is_string() ? std::string(id.as_string()) : json::serialize(id));
        }
    }
    return text.empty() ? "none" : text;
}

// "2026-03-01T10:00:00Z" or "never", from the last import_orders run by serve or the console.
std::string last_import(SqliteHost& host, const std::string& alias) {
    auto last = host.last_run(alias, "import_orders");
    return last && *last ? format_rfc3339((*last)->last_run_ms) : std::string("never");
}

std::string error_count(SqliteHost& host, const std::string& alias) {
    LogQuery query;
    query.store = alias;
    query.max_level = LogLevel::error;
    query.since_ms = host.now_ms() - k_week_ms;
    auto records = host.read_log(query);
    return records ? std::to_string(records->size()) : "?";
}

std::string toggle_form(const PageContext& page, const std::string& alias, bool open) {
    return R"(<form method="post" action="/stores/toggle" class="d-inline">)" +
           csrf_field(page.session.csrf) + R"(<input type="hidden" name="store" value=")" +
           html_escape(alias) + R"("><input type="hidden" name="open" value=")" +
           (open ? "0" : "1") + R"("><button type="submit" class="btn btn-sm )" +
           (open ? "btn-outline-danger" : "btn-success") + R"(" id="toggle-)" + html_escape(alias) +
           "\">" + (open ? "Close store " : "Open store ") + html_escape(alias) +
           "</button></form>";
}

// Where the store's refresh token comes from, and for a ${secret:NAME} whether the host has it
// yet (Connect to Amazon saves it there); never the token itself.
std::string refresh_token_state(SqliteHost& host, const json::object& store) {
    const auto* connect = store.if_contains("connect");
    const std::string ref =
        connect && connect->is_object() ? field_text(connect->as_object(), "refresh_token") : "";
    constexpr std::string_view k_secret = "${secret:";
    if (!ref.starts_with(k_secret) || !ref.ends_with("}")) {
        return ref.empty() ? "?" : "from " + ref;
    }
    const std::string name = ref.substr(k_secret.size(), ref.size() - k_secret.size() - 1);
    auto names = host.secret_names();
    const bool stored = names && std::find(names->begin(), names->end(), name) != names->end();
    return stored ? "in secret " + name : "not connected (secret " + name + " not set)";
}

// The toggle, Connect to Amazon and Retire, or, for a retired store, what retired means.
std::string tile_actions(const PageContext& page, const std::string& alias, bool open,
                         bool retired) {
    if (retired) {
        return R"(<p class="small mb-0">Retired: runs nothing; its data stays in the host.</p>)";
    }
    return toggle_form(page, alias, open) + " " + connect_link(alias) +
           R"( <a class="btn btn-sm btn-outline-secondary" id="retire-)" + html_escape(alias) +
           R"(" href="/stores/retire)" + html_escape(query_string({{"store", alias}})) + R"(">)" +
           "Retire " + html_escape(alias) + "</a>";
}

std::string tile(const PageContext& page, const json::object& store) {
    const auto alias = field_text(store, "alias");
    const bool open = field_text(store, "open") == "true";
    const bool retired = field_text(store, "retired") == "true";
    const std::string status = retired ? "retired" : open ? "open" : "closed";
    const std::string errors = error_count(page.host, alias);
    return R"(<div class="col"><section class="card store-tile h-100" aria-labelledby="store-)" +
           html_escape(alias) + R"("><div class="card-body"><h2 class="h5 card-title" id="store-)" +
           html_escape(alias) + "\">" + html_escape(alias) + R"( <span class="badge text-bg-)" +
           (open      ? "success"
            : retired ? "dark"
                      : "secondary") +
           R"(" id="status-)" + html_escape(alias) + "\">" + status +
           R"(</span></h2><p class="card-subtitle mb-2">)" +
           html_escape(field_text(store, "display_name")) +
           R"(</p><dl class="row small mb-2">)"
           R"(<dt class="col-6">Marketplaces</dt><dd class="col-6">)" +
           html_escape(marketplace_list(store)) +
           R"(</dd><dt class="col-6">Last import</dt><dd class="col-6">)" +
           html_escape(last_import(page.host, alias)) +
           R"(</dd><dt class="col-6">Errors, last 7 days</dt><dd class="col-6"><a href="/log)" +
           html_escape(query_string({{"store", alias}, {"level", "ERROR"}})) + R"(" id="errors-)" +
           html_escape(alias) + "\">" + errors +
           R"(</a></dd><dt class="col-6">Refresh token</dt><dd class="col-6" id="token-)" +
           html_escape(alias) + "\">" + html_escape(refresh_token_state(page.host, store)) +
           "</dd></dl>" + tile_actions(page, alias, open, retired) + "</div></section></div>";
}

} // namespace

Response stores_page(const PageContext& page) {
    auto stores = list_stores(page.connector);
    if (!stores) {
        return message_page(page, "Stores", "stores", 500, stores.error().message);
    }
    std::string body;
    if (auto changed = field(page.request.query, "changed")) {
        body +=
            alert("success", "Store " + std::string(*changed) + " is now " +
                                 std::string(field(page.request.query, "now").value_or("")) + ".");
    }
    if (auto installed = field(page.request.query, "installed")) {
        body += alert("success", "Installed the config: stores " + std::string(*installed) + ".");
    }
    if (auto retired = field(page.request.query, "retired")) {
        body += alert("success", "Store " + std::string(*retired) +
                                     " is retired: it runs nothing; its orders, products and log "
                                     "stay in the host.");
    }
    if (stores->empty()) {
        body += alert("info", "No stores: add one, or install a config with `amzconn-host "
                              "install CONFIG.yaml`.");
    }
    body += R"(<p><a class="btn btn-primary" href="/config?add=stores" id="add-store">Add a )"
            R"(store</a></p>)";
    body += R"(<div class="row row-cols-1 row-cols-md-2 row-cols-xl-3 g-3">)";
    for (const auto& store : *stores) {
        body += tile(page, store);
    }
    return html_page(page, "Stores", "stores", body + "</div>");
}

Response store_toggle(const PageContext& page) {
    const std::string alias(field(page.request.form, "store").value_or(""));
    const bool open = field(page.request.form, "open").value_or("") == "1";
    auto changed = page.connector.set_store_open(alias, open);
    if (!changed) {
        return message_page(page, "Stores", "stores", 400,
                            "Store " + alias + ": " + changed.error().message);
    }
    return redirect("/stores" +
                    query_string({{"changed", alias}, {"now", open ? "open" : "closed"}}));
}

} // namespace amzconn::refhost::console
