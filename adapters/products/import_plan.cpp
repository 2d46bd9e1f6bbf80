#include "products/import_plan.hpp"

#include <algorithm>
#include <set>

namespace amzconn::products {

namespace {

using orders::Identification;
using orders::KeyField;

// Listings sharing one identification key, in report order.
struct Group {
    std::string key;
    std::vector<const AmazonListing*> listings; // one per distinct Seller SKU
};

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        out += (out.empty() ? "" : ", ") + item;
    }
    return out;
}

// The listings grouped by key; a listing without a key is a problem.
Result<std::vector<Group>> group_by_key(const std::vector<AmazonListing>& listings,
                                        const ImportSettings& settings,
                                        std::vector<RowProblem>& problems) {
    std::vector<Group> groups;
    std::map<std::string, std::size_t> at;
    for (const auto& l : listings) {
        std::string key = l.asin;
        if (settings.identification == Identification::seller_sku) {
            TRY_ASSIGN(key, orders::crop_sku(l.sku, settings.crop));
        }
        if (key.empty()) {
            const bool by_asin = settings.identification == Identification::asin;
            problems.push_back({l.line, l.sku, l.marketplace,
                                "line " + std::to_string(l.line) + ": SKU " + l.sku +
                                    (by_asin ? " has no ASIN (products.identification is asin)"
                                             : " is empty after products.sku_crop") +
                                    ": not imported"});
            continue;
        }
        auto [it, added] = at.emplace(key, groups.size());
        if (added) {
            groups.push_back({key, {}});
        }
        auto& members = groups[it->second].listings;
        const bool known = std::any_of(members.begin(), members.end(),
                                       [&](const AmazonListing* m) { return m->sku == l.sku; });
        if (!known) { // the same SKU in a later marketplace is the same listing
            members.push_back(&l);
        }
    }
    return groups;
}

std::vector<std::string> skus_of(const Group& g) {
    std::vector<std::string> skus;
    for (const auto* l : g.listings) {
        skus.push_back(l->sku);
    }
    return skus;
}

class Planner {
  public:
    Planner(const std::vector<HostProduct>& host, const ImportSettings& settings)
        : m_settings(settings) {
        for (const auto& p : host) {
            m_codes.insert(p.code);
            auto value = settings.key_field.value_in(p.code, p.barcode, p.attributes);
            if (!value.empty()) {
                m_by_key[value].push_back(&p);
            }
        }
    }

    Result<Action> decide(const Group& g) {
        Action a;
        a.key = g.key;
        a.skus = skus_of(g);
        const auto found = m_by_key.find(g.key);
        if (found != m_by_key.end()) {
            for (const auto* p : found->second) {
                a.matched.push_back(p->code);
            }
        }
        if (a.skus.size() > 1 && m_settings.identification == Identification::seller_sku) {
            // (With ASIN identification, SKUs of one ASIN are one product by design.)
            auto reason = "SKUs " + joined(a.skus) + " are all the host SKU " + g.key +
                          " after products.sku_crop: one product cannot be both listings; "
                          "rename one of them on Amazon or change products.sku_crop";
            return conflict(std::move(a), std::move(reason));
        }
        if (a.matched.size() > 1) {
            const auto& label = m_settings.key_field.label();
            auto reason = what(g) + " matches host products " + joined(a.matched) + " (each has " +
                          label + " " + g.key + "): keep the " + label + " on one of them only";
            return conflict(std::move(a), std::move(reason));
        }
        const AmazonListing& l = *g.listings.front();
        if (a.matched.size() == 1) {
            return existing(std::move(a), *found->second.front(), l);
        }
        return create(std::move(a), g);
    }

  private:
    std::string what(const Group& g) const {
        return m_settings.identification == Identification::asin
                   ? "ASIN " + g.key + " (SKU " + joined(skus_of(g)) + ")"
                   : "SKU " + g.listings.front()->sku;
    }

    static Action conflict(Action a, std::string reason) {
        a.decision = Decision::conflict;
        a.reason = std::move(reason);
        return a;
    }

    // Amazon's fields over the product's: only with products.sync_from_amazon.
    Action existing(Action a, const HostProduct& p, const AmazonListing& l) const {
        a.product = p;
        if (!m_settings.sync_from_amazon) {
            return a;
        }
        if (!l.title.empty() && l.title != p.description) {
            a.product.description = l.title;
            a.changed.emplace_back("description");
        }
        if (m_settings.key_field.kind != KeyField::Kind::barcode && !l.barcode.empty() &&
            l.barcode != p.barcode) {
            a.product.barcode = l.barcode;
            a.changed.emplace_back("barcode");
        }
        const std::string asin_key(k_asin_attribute);
        if (!l.asin.empty() &&
            (!p.attributes.contains(asin_key) || p.attributes.at(asin_key) != l.asin)) {
            a.product.attributes[asin_key] = l.asin;
            a.changed.push_back("attributes." + asin_key);
        }
        a.decision = a.changed.empty() ? Decision::unchanged : Decision::update;
        return a;
    }

    Result<Action> create(Action a, const Group& g) {
        const AmazonListing& l = *g.listings.front();
        const auto& field = m_settings.key_field;
        HostProduct& p = a.product;
        p.code = a.key;
        if (m_settings.identification == Identification::asin &&
            field.kind != KeyField::Kind::code) {
            TRY_ASSIGN(p.code, orders::crop_sku(l.sku, m_settings.crop));
        }
        if (p.code.empty() || m_codes.contains(p.code)) {
            auto reason = what(g) + " has no host product with " + field.label() + " " + a.key +
                          ", and the code '" + p.code + "' a new one would take is " +
                          (p.code.empty() ? "empty" : "already another product's") +
                          ": give the product " + field.label() + " " + a.key + " by hand";
            return conflict(std::move(a), std::move(reason));
        }
        p.description = l.title.empty() ? l.sku : l.title;
        p.barcode = field.kind == KeyField::Kind::barcode ? a.key : l.barcode;
        if (!l.asin.empty()) {
            p.attributes[std::string(k_asin_attribute)] = l.asin;
        }
        if (field.kind == KeyField::Kind::attribute) {
            p.attributes[field.attribute] = a.key;
        }
        m_codes.insert(p.code);
        a.decision = Decision::create;
        return a;
    }

    const ImportSettings& m_settings;
    std::set<std::string> m_codes;
    std::map<std::string, std::vector<const HostProduct*>> m_by_key;
};

} // namespace

std::size_t ImportPlan::count(Decision d) const {
    return static_cast<std::size_t>(std::count_if(
        actions.begin(), actions.end(), [d](const Action& a) { return a.decision == d; }));
}

Result<ImportPlan> plan_import(const std::vector<AmazonListing>& listings,
                               const std::vector<HostProduct>& host,
                               const ImportSettings& settings) {
    ImportPlan plan;
    TRY_ASSIGN(const auto groups, group_by_key(listings, settings, plan.problems));
    Planner planner(host, settings);
    for (const auto& g : groups) {
        TRY_ASSIGN(auto action, planner.decide(g));
        plan.actions.push_back(std::move(action));
    }
    return plan;
}

} // namespace amzconn::products
