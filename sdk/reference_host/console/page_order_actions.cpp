// Ship and Cancel on an FBM order's detail page. Each asks the plugin exactly as `amzconn-host
// event shipped|cancelled` does (the host event, kept in the event table once the plugin took it:
// the plugin records the shipment or cancellation entity its engine reads), then runs the engine's
// job (confirm_shipments for the order, send_cancellations) on the console's job runner, whose
// status page shows its progress and report. One shipment or one cancellation per order from
// here: a second submit (a double click, a reload, a second tab) finds the first and sends nothing
// (more packages of one order: `event shipped --lines`).
#include "console/html.hpp"
#include "console/order_data.hpp"
#include "console/order_pages.hpp"
#include "json_fields.hpp"

#include <array>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace amzconn::refhost::console {

namespace json = boost::json;

namespace {

struct OrderAction {
    std::string_view job; // what runs after the event
};

constexpr OrderAction k_ship{"confirm_shipments"};
constexpr OrderAction k_cancel{"send_cancellations"};

// Either action once the order has a shipment or a cancellation: what the page says instead.
constexpr std::array<std::pair<std::string_view, std::string_view>, 2> k_recorded{{
    {"shipment", "A shipment is already recorded for this order (its tracking is shown below): "
                 "nothing new was sent to Amazon."},
    {"cancellation", "A cancellation is already recorded for this order: nothing new was sent "
                     "to Amazon."},
}};

// Why neither Ship nor Cancel may happen for the order (as a page), or nullopt.
std::optional<Response> action_refusal(const PageContext& page, const std::string& key) {
    auto order = host_order(page.host, key);
    if (!order || !order->has_value()) {
        return order_detail_with(page, key, "", order ? 404 : 500);
    }
    const auto status = field_text(**order, "status");
    if (fulfilment_of(**order) != "FBM" || status == "shipped" || status == "cancelled" ||
        status == "completed") {
        return order_detail_with(
            page, key,
            alert("danger", "Only an open FBM order is shipped or cancelled from here (this one "
                            "is " +
                                fulfilment_of(**order) + ", " + status + ")."),
            409);
    }
    for (const auto& [kind, recorded] : k_recorded) {
        auto held = host_entities(page.host, kind, json::object{{"order", key}});
        if (!held) {
            return order_detail_with(page, key, alert("danger", held.error().message), 500);
        }
        if (!held->empty()) {
            return order_detail_with(page, key, alert("warning", recorded), 409);
        }
    }
    return std::nullopt;
}

// The event to the plugin and into the event table, then the engine's job; its status page.
Response request_and_run(const PageContext& page, const OrderAction& action, const std::string& key,
                         const json::object& event, const json::object& job_args) {
    const std::string event_json = json::serialize(event);
    auto handled = page.connector.handle_event(event_json);
    if (!handled) {
        return order_detail_with(
            page, key, alert("danger", "The plugin refused it: " + handled.error().message), 400);
    }
    const std::string store = key.substr(0, key.find(':'));
    const std::string reference = key.substr(key.find(':') + 1);
    const std::string kind(event.at("kind").as_string());
    if (auto recorded = page.host.record_event(kind, event_json); !recorded) {
        page.host.log(LogLevel::error, store, reference,
                      "console: " + kind + " was taken but not kept in the event table: " +
                          recorded.error().message);
    }
    // The order's log trail says who asked (the plugin's answer holds no buyer data).
    boost::system::error_code ec;
    const json::value answer = json::parse(*handled, ec);
    const auto* object = ec ? nullptr : answer.if_object();
    page.host.log(LogLevel::info, store, reference,
                  "console: an admin sent " + kind + "; the plugin answered " +
                      (object != nullptr ? field_text(*object, "status") : std::string("?")) +
                      (object != nullptr && object->contains("message")
                           ? ": " + field_text(*object, "message")
                           : std::string()));
    (void)page.jobs.start(std::string(action.job), store, json::serialize(job_args));
    return redirect("/jobs/status");
}

} // namespace

Response order_ship(const PageContext& page) {
    const auto& form = page.request.form;
    const std::string key(field(form, "id").value_or(""));
    if (auto refused = action_refusal(page, key)) {
        return std::move(*refused);
    }
    const std::string tracking(field(form, "tracking").value_or(""));
    if (tracking.find_first_not_of(" \t") == std::string::npos) {
        return order_detail_with(page, key, alert("danger", "Give the tracking number."), 400);
    }
    json::object event{{"kind", "order_shipped"}, {"order", key}, {"tracking", tracking}};
    for (const char* name : {"carrier", "service"}) {
        if (auto value = field(form, name); value && !value->empty()) {
            event[name] = *value;
        }
    }
    return request_and_run(page, k_ship, key, event, json::object{{"order", key}});
}

Response order_cancel(const PageContext& page) {
    const auto& form = page.request.form;
    const std::string key(field(form, "id").value_or(""));
    if (auto refused = action_refusal(page, key)) {
        return std::move(*refused);
    }
    const std::string reason(field(form, "reason").value_or(""));
    json::object event{{"kind", "order_cancelled"}, {"order", key}};
    if (!reason.empty()) {
        event["reason"] = reason; // the plugin refuses one that is not Amazon's, with the list
    }
    return request_and_run(page, k_cancel, key, event, json::object{});
}

} // namespace amzconn::refhost::console
