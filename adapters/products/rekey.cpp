#include "products/rekey.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace amzconn::products {

namespace {

using orders::Identification;
using orders::KeyField;

Result<std::string> key_of(const AmazonListing& l, const ImportSettings& s) {
    if (s.identification == Identification::asin) {
        return l.asin;
    }
    return orders::crop_sku(l.sku, s.crop);
}

// Host products by the value they hold in a key field.
std::map<std::string, std::vector<const HostProduct*>>
index_by(const std::vector<HostProduct>& host, const KeyField& field) {
    std::map<std::string, std::vector<const HostProduct*>> out;
    for (const auto& p : host) {
        auto value = field.value_in(p.code, p.barcode, p.attributes);
        if (!value.empty()) {
            out[value].push_back(&p);
        }
    }
    return out;
}

std::vector<const HostProduct*>
found(const std::map<std::string, std::vector<const HostProduct*>>& index, const std::string& key) {
    if (key.empty()) {
        return {};
    }
    auto it = index.find(key);
    return it == index.end() ? std::vector<const HostProduct*>() : it->second;
}

class Rekeyer {
  public:
    Rekeyer(const std::vector<HostProduct>& host, const ImportSettings& from,
            const ImportSettings& to)
        : m_from(from), m_to(to), m_now(index_by(host, from.key_field)),
          m_next(index_by(host, to.key_field)) {}

    Result<RekeyAction> decide(const AmazonListing& l) {
        RekeyAction a{RekeyDecision::unchanged, l.sku, l.asin, l.marketplace, {}, {}, {}};
        TRY_ASSIGN(const auto old_key, key_of(l, m_from));
        TRY_ASSIGN(a.new_key, key_of(l, m_to));
        const auto now = found(m_now, old_key);
        const auto next = found(m_next, a.new_key);
        if (now.empty()) {
            a.decision = RekeyDecision::unbound;
            return a;
        }
        if (now.size() > 1) {
            return conflict(std::move(a), "several products hold its key " + old_key +
                                              " today: give it to one of them only");
        }
        const HostProduct& product = *now.front();
        a.product = product.code;
        if (a.new_key.empty()) {
            return conflict(std::move(a), "Amazon gives it no " + key_name());
        }
        if (next.size() == 1 && next.front()->code == product.code) {
            return claim(std::move(a));
        }
        if (!next.empty()) {
            return conflict(std::move(a), "the new identity would find product " +
                                              next.front()->code + " instead of " + product.code +
                                              ": remove " + m_to.key_field.label() + " " +
                                              a.new_key + " from it");
        }
        if (m_to.key_field.kind == KeyField::Kind::code) {
            return conflict(std::move(a), "the new identity reads the product code, and product " +
                                              product.code + " cannot be renamed " + a.new_key);
        }
        a.decision = RekeyDecision::rebind;
        return claim(std::move(a));
    }

    RekeyPlan finish(std::vector<RekeyAction> actions, const std::vector<HostProduct>& host) {
        RekeyPlan plan;
        // A product given two different new keys, or a new key given to two products, would
        // leave listings on other products (or duplicates): every listing involved is a conflict.
        for (auto& a : actions) {
            if (a.decision != RekeyDecision::rebind && a.decision != RekeyDecision::unchanged) {
                continue;
            }
            if (m_keys_of[a.product].size() > 1 || m_products_of[a.new_key].size() > 1) {
                a.decision = RekeyDecision::conflict;
                a.reason = m_keys_of[a.product].size() > 1
                               ? "product " + a.product + " is the product of listings with " +
                                     key_name() + "s " + joined(m_keys_of[a.product]) +
                                     ": one product can hold one"
                               : key_name() + " " + a.new_key + " belongs to products " +
                                     joined(m_products_of[a.new_key]) + " today: merge them first";
            }
        }
        for (const auto& p : host) {
            const bool rebound = std::any_of(actions.begin(), actions.end(), [&](const auto& a) {
                return a.decision == RekeyDecision::rebind && a.product == p.code;
            });
            if (rebound) {
                HostProduct write = p;
                const auto key = *m_keys_of[p.code].begin();
                if (m_to.key_field.kind == KeyField::Kind::barcode) {
                    write.barcode = key;
                } else {
                    write.attributes[m_to.key_field.attribute] = key;
                }
                plan.writes.push_back(std::move(write));
            }
        }
        plan.actions = std::move(actions);
        return plan;
    }

  private:
    std::string key_name() const {
        return m_to.identification == Identification::asin ? "ASIN" : "Seller SKU";
    }

    static std::string joined(const std::set<std::string>& items) {
        std::string out;
        for (const auto& item : items) {
            out += (out.empty() ? "" : ", ") + item;
        }
        return out;
    }

    RekeyAction claim(RekeyAction a) {
        m_keys_of[a.product].insert(a.new_key);
        m_products_of[a.new_key].insert(a.product);
        return a;
    }

    static RekeyAction conflict(RekeyAction a, std::string reason) {
        a.decision = RekeyDecision::conflict;
        a.reason = std::move(reason);
        return a;
    }

    const ImportSettings& m_from;
    const ImportSettings& m_to;
    std::map<std::string, std::vector<const HostProduct*>> m_now, m_next;
    std::map<std::string, std::set<std::string>> m_keys_of;     // product -> new keys
    std::map<std::string, std::set<std::string>> m_products_of; // new key -> products
};

} // namespace

std::size_t RekeyPlan::count(RekeyDecision d) const {
    return static_cast<std::size_t>(std::count_if(
        actions.begin(), actions.end(), [d](const RekeyAction& a) { return a.decision == d; }));
}

Result<RekeyPlan> plan_rekey(const std::vector<AmazonListing>& listings,
                             const std::vector<HostProduct>& host, const ImportSettings& from,
                             const ImportSettings& to) {
    Rekeyer rekeyer(host, from, to);
    std::vector<RekeyAction> actions;
    for (const auto& l : listings) {
        TRY_ASSIGN(auto action, rekeyer.decide(l));
        actions.push_back(std::move(action));
    }
    return rekeyer.finish(std::move(actions), host);
}

} // namespace amzconn::products
