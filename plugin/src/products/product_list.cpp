#include "products/product_list.hpp"

#include "engine/job_names.hpp"
#include "host/stock_host_data.hpp"
#include "products/all_listings.hpp"
#include "stock/attribute_rules.hpp"
#include "stock/stock_state.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>

namespace amzconn::plugin {
namespace json = boost::json;

namespace {

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](char c) {
        return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    });
    return text;
}

// The host products by the Seller SKU they hold (the stock export's rule).
std::map<std::string, std::vector<const stock::Product*>>
by_seller_sku(const std::vector<stock::Product>& products, const orders::KeyField& field) {
    std::map<std::string, std::vector<const stock::Product*>> out;
    for (const auto& p : products) {
        out[stock::seller_sku(p, field)].push_back(&p);
    }
    return out;
}

// The listing settings the stock export reads from the product (errors are shown, not guessed).
void settings_of(const stock::Product& p, const config::Products& config, json::object& row) {
    auto skip = stock::read_flag(p, config.skip_attribute.value_or(""));
    auto lead = stock::read_lead_time(p, config.lead_time_attribute.value_or(""),
                                      static_cast<int>(config.lead_time_days));
    auto to = stock::read_switch_fulfillment(p, config.switch_fulfillment_attribute.value_or(""));
    row["sync"] = skip ? (*skip ? "off" : "on") : "unreadable";
    if (lead) {
        row["lead_time_days"] = lead->days;
        row["lead_time_source"] = lead->from_attribute ? "product" : "store default";
    }
    if (to) {
        row["switch_fulfillment_to"] = *to == stock::SwitchTo::afn   ? json::value("AFN")
                                       : *to == stock::SwitchTo::mfn ? json::value("MFN")
                                                                     : json::value(nullptr);
    }
    json::array problems;
    for (const auto* error : {skip ? nullptr : &skip.error(), lead ? nullptr : &lead.error(),
                              to ? nullptr : &to.error()}) {
        if (error != nullptr) {
            problems.emplace_back(error->message);
        }
    }
    if (!problems.empty()) {
        row["problems"] = std::move(problems);
    }
}

// What was last sent for the listing and Amazon's answer; null when nothing was sent yet.
json::value last_sent(const std::optional<StoredSent>& sent) {
    if (!sent || !sent->state.has_confirmed) {
        return sent && sent->state.pending ? json::value(json::object{{"pending", true}})
                                           : json::value(nullptr);
    }
    const auto& s = sent->state;
    const auto& v = s.confirmed;
    json::object out{{"sent_at_ms", s.sent_at_ms}, {"pending", s.pending.has_value()}};
    out["quantity"] = v.quantity ? json::value(*v.quantity) : json::value(nullptr);
    out["lead_time_days"] = v.lead_time_days ? json::value(*v.lead_time_days) : nullptr;
    out["price"] = v.price ? json::value(v.price->amount + " " + v.price->currency) : nullptr;
    out["amazon_answer"] = s.last_error.empty() ? "accepted" : s.last_error;
    return out;
}

class ProductList {
  public:
    explicit ProductList(EngineContext& context) : m_context(context) {}

    Result<JobReport> run(const JobArgs& args) {
        JobReport report = m_context.start_report(job_names::list_products);
        const auto search = args.contains("search") ? lower(args.at("search")) : std::string();
        const auto& config = m_context.store.products;
        TRY_ASSIGN(auto all, read_all_listings(m_context, job_names::list_products));
        if (!all.ready) {
            report.status = "retry_later";
            report.messages = {all.retry_message};
            report.retry_after_s = 60;
            return m_context.finish(std::move(report));
        }
        m_listings = std::move(all.listings);
        m_messages = std::move(all.unreadable);
        for (const auto& p : all.problems) {
            m_messages.push_back(p.marketplace + " " + p.message);
        }
        TRY_ASSIGN(const auto products, read_products(m_context.host));
        TRY_ASSIGN(auto sent,
                   read_all_sent(m_context.host, store_namespace(m_context.store.alias)));
        const auto match = listing_match(config);
        const auto index = by_seller_sku(products, match.field);
        json::array rows;
        for (const auto& l : m_listings) {
            TRY_ASSIGN(const auto key, match.key_of(l.sku, l.asin));
            const auto found = key.empty() ? index.end() : index.find(key);
            auto row = row_of(l, found == index.end() ? nullptr : &found->second, config);
            if (const auto* s = sent.find({l.marketplace, l.sku}); s != nullptr) {
                row["last_sent"] = last_sent(*s);
            } else {
                row["last_sent"] = nullptr;
            }
            if (search.empty() || matches(row, search)) {
                rows.push_back(std::move(row));
            }
        }
        report.counts = {{"listings", static_cast<int64_t>(m_listings.size())},
                         {"shown", static_cast<int64_t>(rows.size())}};
        report.messages = std::move(m_messages);
        report.extra = {{"products", std::move(rows)}};
        return m_context.finish(std::move(report));
    }

  private:
    static json::object row_of(const products::AmazonListing& l,
                               const std::vector<const stock::Product*>* found,
                               const config::Products& config) {
        json::object row{{"marketplace", l.marketplace},
                         {"sku", l.sku},
                         {"asin", l.asin},
                         {"title", l.title},
                         {"channel", l.channel},
                         {"product", nullptr}};
        if (found == nullptr) {
            return row;
        }
        if (found->size() > 1) {
            json::array codes;
            for (const auto* p : *found) {
                codes.emplace_back(p->code);
            }
            row["conflict"] = std::move(codes);
            return row;
        }
        row["product"] = found->front()->code;
        settings_of(*found->front(), config, row);
        return row;
    }

    static bool matches(const json::object& row, const std::string& search) {
        for (const auto* name : {"sku", "asin", "title", "product"}) {
            const auto& v = row.at(name);
            if (v.is_string() &&
                lower(std::string(v.as_string())).find(search) != std::string::npos) {
                return true;
            }
        }
        return false;
    }

    EngineContext& m_context;
    std::vector<products::AmazonListing> m_listings;
    std::vector<std::string> m_messages;
};

} // namespace

Result<JobReport> run_list_products(EngineContext& context, const JobArgs& args) {
    return ProductList(context).run(args);
}

} // namespace amzconn::plugin
