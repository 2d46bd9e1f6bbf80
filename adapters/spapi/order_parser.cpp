#include "order_parser.hpp"

#include "order_stream.hpp"

namespace amzconn::spapi::orders {

namespace bj = boost::json;

std::optional<std::string> Order::seller_order_id() const {
    for (const auto& a : order_aliases) {
        if (a.alias_type == "SELLER_ORDER_ID") {
            return a.alias_id;
        }
    }
    return std::nullopt;
}

namespace {

constexpr size_t k_max_id = 64;

template <typename F>
void each(JsonReader& r, const bj::object& o, std::string_view key, const FieldPath& path,
          bool required, F&& fn) {
    const bj::array* a = r.array(o, key, path, required);
    if (a == nullptr) {
        return;
    }
    const FieldPath p(path, key);
    for (size_t i = 0; i < a->size() && r.ok(); ++i) {
        const FieldPath ip(p, i);
        const bj::object* item = r.object((*a)[i], ip);
        if (item != nullptr) {
            fn(*item, ip);
        }
    }
}

std::optional<DateTimeRange> range(JsonReader& r, const bj::object& o, std::string_view key,
                                   const FieldPath& path) {
    const bj::object* w = r.object(o, key, path, false);
    if (w == nullptr) {
        return std::nullopt;
    }
    const FieldPath p(path, key);
    DateTimeRange out;
    out.earliest = r.timestamp(*w, "earliestDateTime", p, false);
    out.latest = r.timestamp(*w, "latestDateTime", p, false);
    return out;
}

std::optional<Address> address(JsonReader& r, const bj::object& o, std::string_view key,
                               const FieldPath& path) {
    const bj::object* a = r.object(o, key, path, false);
    if (a == nullptr) {
        return std::nullopt;
    }
    const FieldPath p(path, key);
    Address out;
    out.name = r.string(*a, "name", p, false, 1024);
    out.company_name = r.string(*a, "companyName", p, false, 1024);
    out.address_line1 = r.string(*a, "addressLine1", p, false, 1024);
    out.address_line2 = r.string(*a, "addressLine2", p, false, 1024);
    out.address_line3 = r.string(*a, "addressLine3", p, false, 1024);
    out.city = r.string(*a, "city", p, false, 256);
    out.district_or_county = r.string(*a, "districtOrCounty", p, false, 256);
    out.state_or_region = r.string(*a, "stateOrRegion", p, false, 256);
    out.municipality = r.string(*a, "municipality", p, false, 256);
    out.postal_code = r.string(*a, "postalCode", p, false, 64);
    out.country_code = r.string(*a, "countryCode", p, false, 8);
    out.phone = r.string(*a, "phone", p, false, 64);
    out.address_type = r.string(*a, "addressType", p, false, 64);
    if (const bj::object* x = r.object(*a, "extendedFields", p, false)) {
        const FieldPath xp(p, "extendedFields");
        AddressExtendedFields ef;
        ef.street_name = r.string(*x, "streetName", xp, false, 1024);
        ef.street_number = r.string(*x, "streetNumber", xp, false, 256);
        ef.complement = r.string(*x, "complement", xp, false, 1024);
        ef.neighborhood = r.string(*x, "neighborhood", xp, false, 256);
        out.extended_fields = ef;
    }
    return out;
}

void breakdowns(JsonReader& r, const bj::object& o, const FieldPath& path,
                std::vector<ProceedsBreakdown>& out) {
    each(r, o, "breakdowns", path, false, [&](const bj::object& b, const FieldPath& bp) {
        ProceedsBreakdown pb;
        auto type = r.string(b, "type", bp, true, 64);
        pb.status = r.string(b, "status", bp, false, 64);
        auto subtotal = r.money(b, "subtotal", bp, true);
        each(r, b, "detailedBreakdowns", bp, false, [&](const bj::object& d, const FieldPath& dp) {
            DetailedBreakdown db;
            db.subtype = r.string(d, "subtype", dp, false, 64).value_or("");
            db.value = r.money(d, "value", dp, false);
            pb.detailed_breakdowns.push_back(std::move(db));
        });
        if (type && subtotal) {
            pb.type = *type;
            pb.subtotal = std::move(*subtotal);
            out.push_back(std::move(pb));
        }
    });
}

void item_product(JsonReader& r, const bj::object& prod, const FieldPath& pp, ItemProduct& out) {
    out.asin = r.string(prod, "asin", pp, false, k_max_id);
    out.title = r.string(prod, "title", pp, false, 4096);
    out.seller_sku = r.string(prod, "sellerSku", pp, false, 256);
    if (const bj::object* c = r.object(prod, "condition", pp, false)) {
        const FieldPath cp(pp, "condition");
        ItemCondition ic;
        ic.condition_type = r.string(*c, "conditionType", cp, false, 64);
        ic.condition_subtype = r.string(*c, "conditionSubtype", cp, false, 64);
        ic.condition_note = r.string(*c, "conditionNote", cp, false, 4096);
        out.condition = ic;
    }
    if (const bj::object* price = r.object(prod, "price", pp, false)) {
        const FieldPath prp(pp, "price");
        out.unit_price = r.money(*price, "unitPrice", prp, false);
        out.price_designation = r.string(*price, "priceDesignation", prp, false, 64);
    }
    out.serial_numbers = r.string_list(prod, "serialNumbers", pp);
    if (const bj::object* c = r.object(prod, "customization", pp, false)) {
        out.customized_url =
            r.string(*c, "customizedUrl", FieldPath(pp, "customization"), false, 4096);
    }
}

std::optional<PointsGranted> points_granted(JsonReader& r, const bj::object& ex,
                                            const FieldPath& ep) {
    if (const bj::object* pc = r.object(ex, "pointsCost", ep, false)) {
        const FieldPath pcp(ep, "pointsCost");
        if (const bj::object* pg = r.object(*pc, "pointsGranted", pcp, false)) {
            const FieldPath pgp(pcp, "pointsGranted");
            PointsGranted g;
            g.points_number = r.integer(*pg, "pointsNumber", pgp, false, 0, INT64_MAX);
            g.points_monetary_value = r.money(*pg, "pointsMonetaryValue", pgp, false);
            return g;
        }
    }
    return std::nullopt;
}

ItemCancellation item_cancellation(JsonReader& r, const bj::object& c, const FieldPath& cp) {
    ItemCancellation ic;
    if (const bj::object* req = r.object(c, "cancellationRequest", cp, false)) {
        const FieldPath rp(cp, "cancellationRequest");
        ic.requester = r.string(*req, "requester", rp, false, 64);
        ic.request_reason = r.string(*req, "cancelReason", rp, false, 1024);
    }
    if (const bj::object* ex = r.object(c, "cancellationExecution", cp, false)) {
        const FieldPath xp(cp, "cancellationExecution");
        ic.cancelled_by = r.string(*ex, "cancelledBy", xp, false, 64);
        ic.execution_reason = r.string(*ex, "cancelReason", xp, false, 1024);
    }
    return ic;
}

ItemFulfillment item_fulfillment(JsonReader& r, const bj::object& f, const FieldPath& fp) {
    ItemFulfillment fu;
    fu.quantity_fulfilled = r.integer(f, "quantityFulfilled", fp, false, 0, 1000000);
    fu.quantity_unfulfilled = r.integer(f, "quantityUnfulfilled", fp, false, 0, 1000000);
    if (const bj::object* pk = r.object(f, "packing", fp, false)) {
        const FieldPath kp(fp, "packing");
        if (const bj::object* g = r.object(*pk, "giftOption", kp, false)) {
            const FieldPath gp(kp, "giftOption");
            GiftOption go;
            go.gift_message = r.string(*g, "giftMessage", gp, false, 4096);
            go.gift_wrap_level = r.string(*g, "giftWrapLevel", gp, false, 256);
            fu.gift_option = go;
        }
        if (const bj::object* s = r.object(*pk, "serialNumberRequirement", kp, false)) {
            fu.serial_number_requirement = r.string(
                *s, "requirementType", FieldPath(kp, "serialNumberRequirement"), false, 64);
        }
    }
    if (const bj::object* sh = r.object(f, "shipping", fp, false)) {
        const FieldPath sp(fp, "shipping");
        fu.scheduled_delivery_window = range(r, *sh, "scheduledDeliveryWindow", sp);
        if (const bj::object* sc = r.object(*sh, "shippingConstraints", sp, false)) {
            const FieldPath cp(sp, "shippingConstraints");
            auto mandatory = [&](std::string_view key) {
                return r.enumeration(*sc, key, cp, false, {"MANDATORY"}).has_value();
            };
            fu.shipping_constraints.pallet_delivery = mandatory("palletDelivery");
            fu.shipping_constraints.cash_on_delivery = mandatory("cashOnDelivery");
            fu.shipping_constraints.signature_confirmation = mandatory("signatureConfirmation");
            fu.shipping_constraints.recipient_identity_verification =
                mandatory("recipientIdentityVerification");
            fu.shipping_constraints.recipient_age_verification =
                mandatory("recipientAgeVerification");
        }
        if (const bj::object* is = r.object(*sh, "internationalShipping", sp, false)) {
            fu.ioss_number =
                r.string(*is, "iossNumber", FieldPath(sp, "internationalShipping"), false, 64);
        }
    }
    return fu;
}

ItemTax item_tax(JsonReader& r, const bj::object& t, const FieldPath& tp) {
    ItemTax tx;
    each(r, t, "taxCalculationBreakdowns", tp, false,
         [&](const bj::object& b, const FieldPath& bp) {
             if (auto s = r.string(b, "reportingScheme", bp, false, 64)) {
                 tx.reporting_schemes.push_back(*s);
             }
         });
    each(r, t, "taxCollections", tp, false, [&](const bj::object& b, const FieldPath& bp) {
        TaxCollection tc;
        tc.model = r.string(b, "model", bp, false, 64);
        tc.responsible_party = r.string(b, "responsibleParty", bp, false, 256);
        tx.tax_collections.push_back(std::move(tc));
    });
    return tx;
}

SalesChannel sales_channel_of(JsonReader& r, const bj::object& sc, const FieldPath& sp) {
    SalesChannel out;
    out.channel_name =
        r.enumeration(sc, "channelName", sp, true, {"AMAZON", "NON_AMAZON"}).value_or("");
    out.marketplace_id = r.string(sc, "marketplaceId", sp, false, k_max_id).value_or("");
    out.marketplace_name = r.string(sc, "marketplaceName", sp, false, 256).value_or("");
    return out;
}

Buyer buyer_of(JsonReader& r, const bj::object& b, const FieldPath& bp) {
    Buyer buyer;
    buyer.buyer_name = r.string(b, "buyerName", bp, false, 1024);
    buyer.buyer_email = r.string(b, "buyerEmail", bp, false, 1024);
    buyer.buyer_company_name = r.string(b, "buyerCompanyName", bp, false, 1024);
    buyer.buyer_purchase_order_number = r.string(b, "buyerPurchaseOrderNumber", bp, false, 256);
    return buyer;
}

Recipient recipient_of(JsonReader& r, const bj::object& rc, const FieldPath& rp) {
    Recipient rec;
    rec.delivery_address = address(r, rc, "deliveryAddress", rp);
    if (const bj::object* dp = r.object(rc, "deliveryPreference", rp, false)) {
        const FieldPath pp(rp, "deliveryPreference");
        DeliveryPreference pref;
        pref.drop_off_location = r.string(*dp, "dropOffLocation", pp, false, 1024);
        pref.address_instruction = r.string(*dp, "addressInstruction", pp, false, 4096);
        pref.delivery_capabilities = r.string_list(*dp, "deliveryCapabilities", pp);
        rec.delivery_preference = std::move(pref);
    }
    return rec;
}

OrderTax order_tax(JsonReader& r, const bj::object& t, const FieldPath& tp) {
    OrderTax tax;
    each(r, t, "taxRegistrations", tp, false, [&](const bj::object& g, const FieldPath& gp) {
        TaxRegistration reg;
        reg.entity_type = r.string(g, "entityType", gp, false, 64);
        reg.legal_name = r.string(g, "legalName", gp, false, 1024);
        reg.tax_registration_type = r.string(g, "taxRegistrationType", gp, false, 64);
        reg.tax_registration_number = r.string(g, "taxRegistrationNumber", gp, false, 256);
        reg.tax_registration_address = address(r, g, "taxRegistrationAddress", gp);
        tax.tax_registrations.push_back(std::move(reg));
    });
    if (const bj::object* inv = r.object(t, "taxInvoicing", tp, false)) {
        const FieldPath ip(tp, "taxInvoicing");
        tax.buyer_invoice_preference = r.string(*inv, "buyerInvoicePreference", ip, false, 64);
        tax.invoice_status = r.string(*inv, "invoiceStatus", ip, false, 64);
    }
    return tax;
}

OrderFulfillment order_fulfillment(JsonReader& r, const bj::object& f, const FieldPath& fp) {
    OrderFulfillment fu;
    auto status = r.enumeration(f, "fulfillmentStatus", fp, true,
                                {"PENDING_AVAILABILITY", "PENDING", "UNSHIPPED",
                                 "PARTIALLY_SHIPPED", "SHIPPED", "CANCELLED", "UNFULFILLABLE"});
    if (status) {
        for (auto s : {FulfillmentStatus::pending_availability, FulfillmentStatus::pending,
                       FulfillmentStatus::unshipped, FulfillmentStatus::partially_shipped,
                       FulfillmentStatus::shipped, FulfillmentStatus::cancelled,
                       FulfillmentStatus::unfulfillable}) {
            if (to_string(s) == *status) {
                fu.fulfillment_status = s;
            }
        }
    }
    fu.fulfilled_by = r.enumeration(f, "fulfilledBy", fp, false, {"MERCHANT", "AMAZON"});
    fu.fulfillment_service_level = r.string(f, "fulfillmentServiceLevel", fp, false, 64);
    fu.ship_by_window = range(r, f, "shipByWindow", fp);
    fu.deliver_by_window = range(r, f, "deliverByWindow", fp);
    fu.label_printing_window = range(r, f, "labelPrintingWindow", fp);
    return fu;
}

OrderPackage package_of(JsonReader& r, const bj::object& k, const FieldPath& kp) {
    OrderPackage pk;
    pk.package_reference_id = r.string(k, "packageReferenceId", kp, true, 256).value_or("");
    pk.created_time = r.timestamp(k, "createdTime", kp, false);
    if (const bj::object* st = r.object(k, "packageStatus", kp, false)) {
        pk.package_status = r.string(*st, "status", FieldPath(kp, "packageStatus"), true, 64);
    }
    pk.carrier = r.string(k, "carrier", kp, false, 256);
    pk.ship_time = r.timestamp(k, "shipTime", kp, false);
    pk.shipping_service = r.string(k, "shippingService", kp, false, 256);
    pk.tracking_number = r.string(k, "trackingNumber", kp, false, 256);
    each(r, k, "packageItems", kp, false, [&](const bj::object& pi, const FieldPath& pip) {
        PackageItem item_ref;
        item_ref.order_item_id = r.string(pi, "orderItemId", pip, true, k_max_id).value_or("");
        item_ref.quantity = r.integer(pi, "quantity", pip, true, 0, 1000000).value_or(0);
        item_ref.transparency_codes = r.string_list(pi, "transparencyCodes", pip);
        pk.package_items.push_back(std::move(item_ref));
    });
    return pk;
}

std::optional<OrderItem> item(JsonReader& r, const bj::object& o, const FieldPath& p) {
    OrderItem it;
    it.order_item_id = r.string(o, "orderItemId", p, true, k_max_id).value_or("");
    it.quantity_ordered = r.integer(o, "quantityOrdered", p, true, 0, 1000000).value_or(0);
    if (const bj::object* m = r.object(o, "measurement", p, false)) {
        const FieldPath mp(p, "measurement");
        Measurement me;
        me.unit = r.string(*m, "unit", mp, true, 64).value_or("");
        const bj::value* val = m->if_contains("value");
        if (val == nullptr || !val->is_number()) {
            r.fail(FieldPath(mp, "value"), "expected a number");
        } else {
            me.value = bj::serialize(*val);
        }
        it.measurement = me;
    }
    it.programs = r.string_list(o, "programs", p);
    if (const bj::object* prod = r.object(o, "product", p, true)) {
        item_product(r, *prod, FieldPath(p, "product"), it.product);
    }
    if (const bj::object* pr = r.object(o, "proceeds", p, false)) {
        const FieldPath pp(p, "proceeds");
        ItemProceeds ip;
        ip.proceeds_total = r.money(*pr, "proceedsTotal", pp, false);
        breakdowns(r, *pr, pp, ip.breakdowns);
        it.proceeds = std::move(ip);
    }
    if (const bj::object* ex = r.object(o, "expense", p, false)) {
        it.points_cost = points_granted(r, *ex, FieldPath(p, "expense"));
    }
    if (const bj::object* pm = r.object(o, "promotion", p, false)) {
        each(r, *pm, "breakdowns", FieldPath(p, "promotion"), false,
             [&](const bj::object& b, const FieldPath& bp) {
                 if (auto id = r.string(b, "promotionId", bp, false, 256)) {
                     it.promotion_ids.push_back(*id);
                 }
             });
    }
    if (const bj::object* c = r.object(o, "cancellation", p, false)) {
        it.cancellation = item_cancellation(r, *c, FieldPath(p, "cancellation"));
    }
    if (const bj::object* f = r.object(o, "fulfillment", p, false)) {
        it.fulfillment = item_fulfillment(r, *f, FieldPath(p, "fulfillment"));
    }
    if (const bj::object* t = r.object(o, "tax", p, false)) {
        it.tax = item_tax(r, *t, FieldPath(p, "tax"));
    }
    if (!r.ok()) {
        return std::nullopt;
    }
    return it;
}

std::optional<Order> order_at(const bj::value& v, const FieldPath& p, JsonReader& r) {
    const bj::object* o = r.object(v, p);
    if (o == nullptr) {
        return std::nullopt;
    }
    Order order;
    order.order_id = r.string(*o, "orderId", p, true, k_max_id).value_or("");
    each(r, *o, "orderAliases", p, false, [&](const bj::object& a, const FieldPath& ap) {
        Alias al;
        al.alias_id = r.string(a, "aliasId", ap, true, 256).value_or("");
        al.alias_type = r.string(a, "aliasType", ap, true, 64).value_or("");
        order.order_aliases.push_back(std::move(al));
    });
    if (auto t = r.timestamp(*o, "createdTime", p, true)) {
        order.created_time = *t;
    }
    if (auto t = r.timestamp(*o, "lastUpdatedTime", p, true)) {
        order.last_updated_time = *t;
    }
    order.programs = r.string_list(*o, "programs", p);
    each(r, *o, "associatedOrders", p, false, [&](const bj::object& a, const FieldPath& ap) {
        AssociatedOrder ao;
        ao.order_id = r.string(a, "orderId", ap, false, k_max_id).value_or("");
        ao.association_type = r.string(a, "associationType", ap, false, 64).value_or("");
        order.associated_orders.push_back(std::move(ao));
    });
    if (const bj::object* sc = r.object(*o, "salesChannel", p, true)) {
        order.sales_channel = sales_channel_of(r, *sc, FieldPath(p, "salesChannel"));
    }
    if (const bj::object* b = r.object(*o, "buyer", p, false)) {
        order.buyer = buyer_of(r, *b, FieldPath(p, "buyer"));
    }
    if (const bj::object* rc = r.object(*o, "recipient", p, false)) {
        order.recipient = recipient_of(r, *rc, FieldPath(p, "recipient"));
    }
    if (const bj::object* pr = r.object(*o, "proceeds", p, false)) {
        const FieldPath pp(p, "proceeds");
        OrderProceeds op;
        op.grand_total = r.money(*pr, "grandTotal", pp, false);
        breakdowns(r, *pr, pp, op.breakdowns);
        order.proceeds = std::move(op);
    }
    if (const bj::object* pay = r.object(*o, "payment", p, false)) {
        each(r, *pay, "paymentExecutions", FieldPath(p, "payment"), false,
             [&](const bj::object& e, const FieldPath& ep) {
                 PaymentExecution pe;
                 pe.payment_method = r.string(e, "paymentMethod", ep, false, 64);
                 pe.payment_amount = r.money(e, "paymentAmount", ep, false);
                 order.payment_executions.push_back(std::move(pe));
             });
    }
    if (const bj::object* t = r.object(*o, "tax", p, false)) {
        order.tax = order_tax(r, *t, FieldPath(p, "tax"));
    }
    if (const bj::object* f = r.object(*o, "fulfillment", p, false)) {
        order.fulfillment = order_fulfillment(r, *f, FieldPath(p, "fulfillment"));
    }
    each(r, *o, "orderItems", p, true, [&](const bj::object& io, const FieldPath& ip) {
        if (auto it = item(r, io, ip)) {
            order.order_items.push_back(std::move(*it));
        }
    });
    each(r, *o, "packages", p, false, [&](const bj::object& k, const FieldPath& kp) {
        order.packages.push_back(package_of(r, k, kp));
    });
    each(r, *o, "fulfillmentOrders", p, false, [&](const bj::object& fo, const FieldPath& fp) {
        if (auto id = r.string(fo, "fulfillmentOrderId", fp, true, 256)) {
            order.fulfillment_order_ids.push_back(*id);
        }
    });
    if (!r.ok()) {
        return std::nullopt;
    }
    return order;
}

} // namespace

std::optional<Order> parse_order(const bj::value& v, std::string_view path, JsonReader& r) {
    return order_at(v, FieldPath(path), r);
}

ApiResult<SearchOrdersPage> parse_search_orders(std::string_view body,
                                                std::string_view request_id) {
    if (auto page = stream_search_orders(body, request_id)) {
        return std::move(*page);
    }
    return parse_search_orders_tree(body, request_id);
}

ApiResult<SearchOrdersPage> parse_search_orders_tree(std::string_view body,
                                                     std::string_view request_id) {
    // The page's tree lives only while its orders are copied out into plain data: one arena,
    // freed at once, instead of a heap allocation and a free for every key and string. It is
    // declared before the tree, so it outlives it.
    bj::monotonic_resource page_memory(body.size());
    TRY_ASSIGN(auto doc, parse_json_body(body, request_id, &page_memory));
    JsonReader page_reader{std::string(request_id)};
    const bj::object* root = page_reader.object(doc, "");
    if (root == nullptr) {
        return page_reader.error();
    }
    const bj::array* list = page_reader.array(*root, "orders", "", true);
    SearchOrdersPage page;
    page.request_id = std::string(request_id);
    if (const bj::object* pg = page_reader.object(*root, "pagination", "", false)) {
        page.next_token = page_reader.string(*pg, "nextToken", "pagination", false, 8192);
    }
    page.last_updated_before = page_reader.timestamp(*root, "lastUpdatedBefore", "", false);
    page.created_before = page_reader.timestamp(*root, "createdBefore", "", false);
    if (!page_reader.ok()) {
        return page_reader.error();
    }
    if (list->size() > 100) {
        page_reader.fail("orders",
                         "more than 100 orders in one page (" + std::to_string(list->size()) + ")");
        return page_reader.error();
    }
    const FieldPath orders_path("orders");
    for (size_t i = 0; i < list->size(); ++i) {
        JsonReader r{std::string(request_id)};
        auto order = order_at((*list)[i], FieldPath(orders_path, i), r);
        if (order) {
            page.orders.push_back(std::move(*order));
        } else {
            RejectedOrder rej;
            rej.position = i;
            if ((*list)[i].is_object()) {
                if (const auto* id = (*list)[i].as_object().if_contains("orderId");
                    id != nullptr && id->is_string() && id->as_string().size() <= k_max_id &&
                    id->as_string().find('\0') == bj::string::npos) {
                    rej.order_id = std::string(id->as_string());
                }
            }
            rej.error = r.error();
            rej.error.operation = "searchOrders";
            page.rejected.push_back(std::move(rej));
        }
    }
    return page;
}

ApiResult<Order> parse_get_order(std::string_view body, std::string_view request_id) {
    bj::monotonic_resource order_memory(body.size()); // as for a page, above
    TRY_ASSIGN(auto doc, parse_json_body(body, request_id, &order_memory));
    JsonReader r{std::string(request_id)};
    const bj::object* root = r.object(doc, "");
    if (root == nullptr) {
        return r.error();
    }
    const bj::value* ov = root->if_contains("order");
    if (ov == nullptr || ov->is_null()) {
        r.fail("order", "required object is missing");
        return r.error();
    }
    auto order = parse_order(*ov, "order", r);
    if (!order) {
        return r.error();
    }
    return std::move(*order);
}

} // namespace amzconn::spapi::orders
