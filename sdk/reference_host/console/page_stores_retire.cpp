// Retiring a store from the Stores page: a confirmation page that says what retiring means, then
// the same retire_store as `amzconn-host store retire ALIAS` (the installed config again with
// `retired: true` on the store). The store's orders, products and log stay in the host.
#include "console/html.hpp"
#include "console/page_parts.hpp"
#include "store_retire.hpp"

#include <sstream>

namespace amzconn::refhost::console {

Response store_retire_page(const PageContext& page) {
    const std::string alias(field(page.request.query, "store").value_or(""));
    const std::string body =
        R"(<p>Retiring store <strong>)" + html_escape(alias) +
        R"(</strong> installs the current config again with <code>retired: true</code> on it. )"
        R"(It then runs no job and makes no Amazon call. Its orders, products and connection )"
        R"(log stay in the host, and its alias stays taken (an installed store is never removed )"
        R"(or renamed). To bring it back, set <code>retired: false</code> on it in the )"
        R"(Configuration form, install, and open the store.</p>)"
        R"(<form method="post" action="/stores/retire">)" +
        csrf_field(page.session.csrf) + R"(<input type="hidden" name="store" value=")" +
        html_escape(alias) +
        R"("><button type="submit" class="btn btn-danger" id="retire-confirm">)" + "Retire store " +
        html_escape(alias) +
        R"(</button> <a href="/stores" class="btn btn-link">Cancel</a></form>)";
    return html_page(page, "Retire store " + alias, "stores", body);
}

Response store_retire(const PageContext& page) {
    const std::string alias(field(page.request.form, "store").value_or(""));
    std::ostringstream out;
    std::ostringstream notes;
    auto outcome = retire_store(page.cli, alias, out, notes);
    if (!outcome) {
        return message_page(page, "Stores", "stores", 400,
                            "Store " + alias + " was not retired: " + outcome.error().message);
    }
    if (!outcome->installed) {
        Response response = html_page(
            page, "Stores", "stores",
            alert("danger", "Store " + alias +
                                " was not retired: the config with it retired was refused; "
                                "nothing changed.") +
                R"(<pre class="border rounded p-2" id="retire-refused">)" + html_escape(out.str()) +
                "</pre>");
        response.status = 422;
        return response;
    }
    page.host.log(LogLevel::info, alias, "", "console: the store was retired from the console");
    return redirect("/stores" + query_string({{"retired", alias}}));
}

} // namespace amzconn::refhost::console
