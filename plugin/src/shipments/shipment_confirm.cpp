#include "shipments/shipment_confirm.hpp"

#include "engine/failpoint.hpp"
#include "engine/job_names.hpp"
#include "engine/store_lease.hpp"
#include "shipments/shipment_settings.hpp"
#include "spapi/orders_api.hpp"

#include <algorithm>
#include <map>

namespace amzconn::plugin {

namespace {

// The report lists this many parked shipments (all are in the log and the host's queue).
constexpr size_t k_parked_listed = 50;

spapi::orders::ConfirmShipmentRequest request_of(const shipments::PackagePlan& plan) {
    spapi::orders::ConfirmShipmentRequest r;
    r.order_id = plan.amazon_order_id;
    r.marketplace_id = plan.marketplace_id;
    r.package_reference_id = plan.package_reference_id;
    r.carrier_code = plan.carrier_code;
    r.carrier_name = plan.carrier_name;
    r.shipping_method = plan.shipping_method;
    r.tracking_number = plan.tracking_number;
    r.ship_date = plan.ship_date;
    r.ship_from_supply_source_id = plan.supply_source_id;
    for (const auto& item : plan.items) {
        r.items.push_back({item.order_item_id, item.quantity, {}});
    }
    return r;
}

std::string retry_hint() {
    return "correct the shipment in the host (a changed shipment is planned again at the next " +
           std::string(job_names::confirm_shipments) + "), or run " +
           std::string(job_names::confirm_shipments) +
           " --arg retry_parked=true once the order is fixed at Amazon";
}

// What to do about a package Amazon refused, by what it said.
std::string fix_for(const spapi::ApiError& e) {
    const std::string& m = e.message;
    const auto says = [&](std::string_view text) { return m.find(text) != std::string::npos; };
    if (says("Ship+")) {
        return "nothing to send: Amazon confirms Ship+ orders itself";
    }
    if (says("already shipped")) {
        return "the order is shipped at Amazon (confirmed elsewhere, e.g. in Seller Central): "
               "nothing to send unless this is another package; then " +
               retry_hint();
    }
    if (says("cancel")) {
        return "the order or item is cancelled at Amazon: do not ship it; nothing to send";
    }
    if (e.http_status == 404) {
        return "Amazon does not know this order for this seller: check the order id, then " +
               retry_hint();
    }
    return retry_hint();
}

} // namespace

ShipmentConfirm::ShipmentConfirm(EngineContext& context)
    : m_context(context), m_host(context.host), m_store(context.store),
      m_settings(shipment_settings(context.store)), m_started_ms(context.now_ms()) {}

Result<JobReport> ShipmentConfirm::run(const JobArgs& args) {
    const auto order = args.count("order") ? args.at("order") : std::string();
    m_retry_parked = args.count("retry_parked") && args.at("retry_parked") == "true";
    TRY_ASSIGN(auto lease, StoreLease::acquire(m_host, m_store.alias, job_names::confirm_shipments,
                                               k_shipment_lease_ms));
    TRY_ASSIGN(const auto stored, read_store_shipments(m_host, m_store.alias, order));
    for (const auto& [key, why] : stored.unreadable) {
        ++m_counts.unreadable;
        m_host.log(LogLevel::error, m_store.alias, "",
                   "shipment not sent: " + why + ". Fix: correct it in the host");
    }
    std::map<std::string, std::vector<const HostShipmentDoc*>> by_order;
    for (const auto& doc : stored.shipments) {
        by_order[doc.shipment.order].push_back(&doc);
    }
    std::vector<std::string> messages;
    size_t done = 0;
    for (auto& [order_key, docs] : by_order) {
        if (m_context.cancel_requested()) {
            messages.emplace_back("stopped on request between orders; the queue keeps the rest");
            break;
        }
        TRY(send_order(order_key, docs));
        m_host.progress(job_names::confirm_shipments, m_store.alias, ++done, by_order.size(),
                        order_key);
        TRY(lease.renew());
        if (m_stopped) {
            break;
        }
    }
    return report(std::move(messages));
}

Outcome ShipmentConfirm::send_order(const std::string& order_key,
                                    std::vector<const HostShipmentDoc*>& docs) {
    std::stable_sort(docs.begin(), docs.end(), [](const auto* a, const auto* b) {
        return a->shipment.shipped_at < b->shipment.shipped_at;
    });
    TRY_ASSIGN(auto queue, read_order_queue(m_host, m_store.alias, order_key));
    std::optional<std::optional<shipments::ShipmentOrder>> order; // read once, when needed
    for (const auto* doc : docs) {
        if (m_stopped) {
            ++m_counts.pending;
            continue;
        }
        const auto it = queue.entries.find(doc->shipment.key);
        const bool planned = it != queue.entries.end() &&
                             !(it->second.state == QueueState::parked &&
                               (m_retry_parked || it->second.fingerprint != doc->fingerprint));
        if (!planned && !order) {
            TRY_ASSIGN(auto read, read_shipment_order(m_host, order_key));
            order = std::move(read);
            if (*order) {
                add_amazon_items(**order);
            }
            if (m_stopped) {
                ++m_counts.pending; // Amazon could not be read now: the next run plans it
                continue;
            }
        }
        TRY(send_shipment(queue, *doc, planned ? std::nullopt : *order));
    }
    return {};
}

Outcome ShipmentConfirm::send_shipment(OrderQueue& queue, const HostShipmentDoc& doc,
                                       const std::optional<shipments::ShipmentOrder>& order) {
    const auto& key = doc.shipment.key;
    if (auto it = queue.entries.find(key); it != queue.entries.end()) {
        auto& entry = it->second;
        if (entry.state == QueueState::sent) {
            ++m_counts.confirmed;
            if (entry.fingerprint != doc.fingerprint) {
                m_host.log(LogLevel::debug, m_store.alias, entry.plan.amazon_order_id,
                           "shipment " + key +
                               " changed in the host after Amazon confirmed it: "
                               "not sent again (edit the package in Seller Central)");
            }
            return {};
        }
        if (entry.state == QueueState::sending) {
            return resume(queue, key);
        }
        if (!m_retry_parked && entry.fingerprint == doc.fingerprint) {
            ++m_counts.still_parked;
            note_parked(key, entry);
            return {};
        }
        queue.entries.erase(it); // parked, and changed or retried: planned again below
    }
    if (!order) {
        ++m_counts.waiting;
        m_host.log(LogLevel::debug, m_store.alias, "",
                   "shipment " + key + " waits: its order is not imported yet");
        return {};
    }
    return plan_and_send(queue, doc, *order);
}

Outcome ShipmentConfirm::plan_and_send(OrderQueue& queue, const HostShipmentDoc& doc,
                                       const shipments::ShipmentOrder& order) {
    const auto& key = doc.shipment.key;
    auto plan = shipments::plan_package(m_settings, doc.shipment, order, queue.covered(key));
    if (auto* refusal = std::get_if<shipments::Refusal>(&plan)) {
        return park(queue, key, doc.fingerprint, refusal->reason, refusal->fix);
    }
    QueueEntry entry;
    entry.fingerprint = doc.fingerprint;
    entry.plan = std::move(std::get<shipments::PackagePlan>(plan));
    entry.attempts = 1;
    entry.updated_ms = m_host.now_ms();
    queue.entries[key] = std::move(entry);
    // The intent first: a crash after this point leaves a `sending` entry the next run checks.
    TRY(write(queue));
    failpoint("cp11a_intent_saved");
    return send_package(queue, key);
}

Outcome ShipmentConfirm::send_package(OrderQueue& queue, const std::string& key) {
    const auto plan = queue.entries.at(key).plan;
    auto sent = spapi::orders::confirm_shipment(m_context.client, request_of(plan));
    if (sent && sent->outcome == spapi::orders::ConfirmOutcome::confirmed) {
        failpoint("cp11b_confirmed_before_record");
        ++m_counts.sent;
        return mark_sent(queue, key, sent->request_id);
    }
    // Unanswered, or an answer that cannot be read: the package may be at Amazon. Look before
    // anything is sent again.
    if (sent || sent.error().kind == spapi::ErrorKind::data) {
        switch (at_amazon(plan)) {
        case Found::present:
            ++m_counts.already_at_amazon;
            return mark_sent(queue, key, sent ? sent->request_id : sent.error().request_id);
        case Found::absent:
        case Found::unknown:
            ++m_counts.pending;
            m_host.log(LogLevel::info, m_store.alias, plan.amazon_order_id,
                       "package " + plan.package_reference_id +
                           " unconfirmed (no answer from Amazon): checked and sent again at the "
                           "next " +
                           std::string(job_names::confirm_shipments));
            return {};
        }
        return {};
    }
    const auto& e = sent.error();
    if (e.kind == spapi::ErrorKind::permanent) {
        return park_refused(queue, key, e);
    }
    // Throttled past the usage plan, a server error, or credentials: the intent stays queued.
    ++m_counts.pending;
    m_stopped = e;
    return {};
}

Outcome ShipmentConfirm::resume(OrderQueue& queue, const std::string& key) {
    auto& entry = queue.entries.at(key);
    switch (at_amazon(entry.plan)) {
    case Found::present:
        ++m_counts.already_at_amazon;
        m_host.log(
            LogLevel::info, m_store.alias, entry.plan.amazon_order_id,
            "package " + entry.plan.package_reference_id +
                " of an interrupted run is at Amazon: recorded as confirmed, not sent again");
        return mark_sent(queue, key, "");
    case Found::unknown:
        ++m_counts.pending;
        return {};
    case Found::absent:
        break;
    }
    ++entry.attempts;
    entry.updated_ms = m_host.now_ms();
    TRY(write(queue));
    failpoint("cp11a_intent_saved");
    return send_package(queue, key);
}

// A host order imported before amzconn kept Amazon's item ids: they come from Amazon instead.
void ShipmentConfirm::add_amazon_items(shipments::ShipmentOrder& order) {
    if (!order.items.empty() || order.consolidated || order.fulfilled_by_amazon ||
        order.amazon_order_id.empty()) {
        return;
    }
    auto amazon = spapi::orders::get_order(m_context.client, order.amazon_order_id, {});
    if (!amazon) {
        if (amazon.error().kind != spapi::ErrorKind::permanent) {
            m_stopped = amazon.error();
        }
        return;
    }
    for (const auto& item : amazon->order_items) {
        order.items.push_back(
            {item.order_item_id, item.product.seller_sku.value_or(""), item.quantity_ordered});
    }
}

ShipmentConfirm::Found ShipmentConfirm::at_amazon(const shipments::PackagePlan& plan) {
    auto order = spapi::orders::get_order(m_context.client, plan.amazon_order_id,
                                          {"FULFILLMENT", "PACKAGES"});
    if (!order) {
        if (order.error().kind != spapi::ErrorKind::permanent) {
            m_stopped = order.error();
        }
        m_host.log(LogLevel::error, m_store.alias, plan.amazon_order_id,
                   "could not read the order back to check package " + plan.package_reference_id +
                       ": " + order.error().describe() +
                       "; it is checked again at the next run, never sent blindly");
        return Found::unknown;
    }
    for (const auto& package : order->packages) {
        if (package.package_reference_id == plan.package_reference_id) {
            return Found::present;
        }
    }
    return Found::absent;
}

Outcome ShipmentConfirm::mark_sent(OrderQueue& queue, const std::string& key,
                                   std::string request_id) {
    auto& entry = queue.entries.at(key);
    entry.state = QueueState::sent;
    entry.request_id = std::move(request_id);
    entry.updated_ms = m_host.now_ms();
    TRY(write(queue));
    failpoint("cp11c_after_record");
    return {};
}

Outcome ShipmentConfirm::park(OrderQueue& queue, const std::string& key, std::string fingerprint,
                              std::string reason, std::string fix) {
    QueueEntry entry;
    entry.state = QueueState::parked;
    entry.fingerprint = std::move(fingerprint);
    entry.reason = std::move(reason);
    entry.fix = std::move(fix);
    entry.updated_ms = m_host.now_ms();
    m_host.log(LogLevel::error, m_store.alias, "",
               "shipment " + key + " parked: " + entry.reason + ". Fix: " + entry.fix);
    note_parked(key, entry);
    queue.entries[key] = std::move(entry);
    ++m_counts.parked;
    return write(queue);
}

void ShipmentConfirm::note_parked(const std::string& key, const QueueEntry& entry) {
    if (m_parked.size() < k_parked_listed) {
        m_parked.push_back(
            boost::json::object{{"shipment", key}, {"reason", entry.reason}, {"fix", entry.fix}});
    }
}

Outcome ShipmentConfirm::park_refused(OrderQueue& queue, const std::string& key,
                                      const spapi::ApiError& e) {
    const auto fingerprint = queue.entries.at(key).fingerprint;
    TRY(park(queue, key, fingerprint, "Amazon refused the package: " + e.describe(), fix_for(e)));
    queue.entries.at(key).request_id = e.request_id;
    return write(queue);
}

Outcome ShipmentConfirm::write(OrderQueue& queue) {
    auto written = write_order_queue(m_host, m_store.alias, queue);
    if (!written && written.status() == Status::conflict) {
        return Error{Status::retry_later, "the shipment queue of order " + queue.order_key +
                                              " was changed by another run: run " +
                                              std::string(job_names::confirm_shipments) + " again"};
    }
    return written;
}

JobReport ShipmentConfirm::report(std::vector<std::string> messages) {
    auto out = m_context.start_report(job_names::confirm_shipments);
    out.started_ms = m_started_ms;
    const auto& c = m_counts;
    out.counts = {{"sent", c.sent},
                  {"already_at_amazon", c.already_at_amazon},
                  {"confirmed_before", c.confirmed},
                  {"waiting", c.waiting},
                  {"parked", c.parked},
                  {"still_parked", c.still_parked},
                  {"pending", c.pending},
                  {"unreadable", c.unreadable}};
    if (m_stopped) {
        out.status = "retry_later";
        out.retry_after_s =
            m_stopped->retry_after_ms > 0 ? (m_stopped->retry_after_ms + 999) / 1000 : 60;
        messages.push_back(m_stopped->describe() +
                           "; the queue keeps every unsent package for the next run");
    } else if (c.parked + c.unreadable > 0 || c.pending > 0) {
        out.status = "partial";
    }
    if (c.waiting > 0) {
        messages.push_back(std::to_string(c.waiting) +
                           " shipment(s) wait for their order to be imported (" +
                           std::string(job_names::import_orders) + ")");
    }
    if (c.parked + c.still_parked > 0) {
        messages.push_back(std::to_string(c.parked + c.still_parked) +
                           " shipment(s) parked: the ERROR lines of the log say why and what to "
                           "do");
    }
    out.messages = std::move(messages);
    if (!m_parked.empty()) {
        out.extra["parked"] = std::move(m_parked);
    }
    m_host.log(LogLevel::info, m_store.alias, "",
               std::string(job_names::confirm_shipments) + " " + out.status + ": " +
                   std::to_string(c.sent) + " sent, " + std::to_string(c.waiting) + " waiting, " +
                   std::to_string(c.parked) + " parked, " + std::to_string(c.pending) + " pending");
    return m_context.finish(std::move(out));
}

} // namespace amzconn::plugin
