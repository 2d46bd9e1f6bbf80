#include "host/entity_pages.hpp"

#include "host/host_json.hpp"

namespace amzconn::plugin {
namespace json = boost::json;

namespace {
constexpr int64_t k_page = 1000;
} // namespace

Outcome for_each_entity(HostServices& host, std::string_view kind, const json::object& filter,
                        const std::function<void(const json::object&)>& each) {
    std::string after;
    for (;;) {
        json::object page_filter = filter;
        page_filter["limit"] = k_page;
        if (!after.empty()) {
            page_filter["after"] = after;
        }
        TRY_ASSIGN(auto page, query_entities(host, kind, std::move(page_filter)));
        for (const auto& doc : page) {
            if (doc.is_object()) {
                each(doc.as_object());
            }
        }
        if (page.size() < static_cast<size_t>(k_page) || page.empty() || !page.back().is_object()) {
            return {};
        }
        auto next = entity_id(page.back().as_object());
        if (next.empty() || next == after) {
            // Stopping here would silently leave products (and their stock) out.
            return Error{Status::internal,
                         "the host's entity_query returned a full page of " + std::string(kind) +
                             " documents whose last has no new \"id\": the next page cannot be "
                             "asked for (sdk/docs/host-guide.md, entity_query)"};
        }
        after = std::move(next);
    }
}

} // namespace amzconn::plugin
