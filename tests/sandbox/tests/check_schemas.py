#!/usr/bin/python3
"""Starts amzconn-sandbox, drives every kind of response it produces and validates each body
against the official SP-API model definitions (and the listings feed processing report schema).

Objects in the models are made strict (no unknown properties) so a misspelt field fails too.
Usage: check_schemas.py --sandbox BIN --models DIR   (run with Debian's /usr/bin/python3)
"""
import argparse
import copy
import gzip
import json
import os
import subprocess
import sys
import urllib.error
import urllib.request

import jsonschema

FAILURES = []
CHECKED = []


def strict(schema):
    """Deep copy with additionalProperties false wherever an object lists its properties."""
    if isinstance(schema, dict):
        out = {k: strict(v) for k, v in schema.items()}
        if "properties" in out and "additionalProperties" not in out:
            out["additionalProperties"] = False
        return out
    if isinstance(schema, list):
        return [strict(v) for v in schema]
    return schema


class Models:
    def __init__(self, root):
        self.root = root
        self.cache = {}

    def definitions(self, model):
        if model not in self.cache:
            with open(os.path.join(self.root, "models", model + ".json")) as f:
                self.cache[model] = strict(json.load(f)["definitions"])
        return self.cache[model]

    def check(self, label, model, definition, body):
        defs = self.definitions(model)
        if definition == "errors":
            schema = {"type": "object", "required": ["errors"],
                      "properties": {"errors": {"type": "array", "minItems": 1,
                                                "items": {"$ref": "#/definitions/Error"}}},
                      "definitions": defs}
        else:
            schema = {"$ref": "#/definitions/" + definition, "definitions": defs}
        validator = jsonschema.Draft4Validator(schema)
        errors = sorted(validator.iter_errors(body), key=lambda e: list(e.path))
        CHECKED.append(label)
        for e in errors[:5]:
            FAILURES.append("%s (%s#%s): %s at %s" % (label, model, definition, e.message,
                                                      "/".join(str(p) for p in e.path)))


class Sandbox:
    def __init__(self, binary, args):
        self.proc = subprocess.Popen([binary, "--port", "0", "--exit-on-stdin-eof"] + args,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        line = self.proc.stdout.readline().decode()
        if not line.startswith("listening "):
            raise SystemExit("sandbox did not start: %r" % line)
        self.base = line.split()[1]
        self.token = None

    def call(self, method, path, body=None, content_type="application/json", auth=True):
        url = path if path.startswith("http") else self.base + path
        data = body.encode() if isinstance(body, str) else body
        req = urllib.request.Request(url, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", content_type)
        if auth and self.token:
            req.add_header("x-amz-access-token", self.token)
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def json(self, method, path, body=None, expect=200, **kw):
        status, raw = self.call(method, path, body, **kw)
        if status != expect:
            FAILURES.append("%s %s: expected %d, got %d: %s" % (method, path, expect, status, raw[:300]))
            return None
        return json.loads(raw) if raw else None

    def stop(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sandbox", required=True)
    parser.add_argument("--models", required=True)
    args = parser.parse_args()
    models = Models(args.models)
    sb = Sandbox(args.sandbox, ["--clock", "virtual", "--generate", "400", "--seed", "21",
                                "--rate-limits", "documented"])
    try:
        run(sb, models)
    finally:
        sb.stop()
    for f in FAILURES:
        print("FAIL", f)
    print("checked %d responses, %d failures" % (len(CHECKED), len(FAILURES)))
    return 1 if FAILURES or len(CHECKED) < 20 else 0


def run(sb, m):
    O26, V0 = "orders_2026-01-01", "ordersV0"
    status, raw = sb.call("GET", "/sellers/v1/marketplaceParticipations")
    m.check("403 without token", "sellers", "errors", json.loads(raw))
    tok = sb.json("POST", "/auth/o2/token",
                  "grant_type=refresh_token&refresh_token=Atzr%7Cx&client_id=a&client_secret=b",
                  content_type="application/x-www-form-urlencoded", auth=False)
    sb.token = tok["access_token"]
    m.check("getMarketplaceParticipations", "sellers", "GetMarketplaceParticipationsResponse",
            sb.json("GET", "/sellers/v1/marketplaceParticipations"))

    every = "BUYER,RECIPIENT,PROCEEDS,EXPENSE,PROMOTION,CANCELLATION,FULFILLMENT,PACKAGES,TAX,PAYMENT,FULFILLMENT_ORDERS"
    token, pages, ids = None, 0, []
    while pages < 20:
        q = "createdAfter=2025-11-01T00:00:00Z&maxResultsPerPage=100&includedData=" + every
        if token:
            q += "&paginationToken=" + urllib.parse.quote(token, safe="")
        page = sb.json("GET", "/orders/2026-01-01/orders?" + q)
        m.check("searchOrders page %d" % pages, O26, "SearchOrdersResponse", page)
        ids += [o["orderId"] for o in page["orders"]]
        pages += 1
        token = page.get("pagination", {}).get("nextToken")
        if not token:
            break
    page = sb.json("GET", "/orders/2026-01-01/orders?lastUpdatedAfter=2025-12-01T00:00:00Z")
    m.check("searchOrders minimal", O26, "SearchOrdersResponse", page)
    for oid in ids[:15]:
        m.check("getOrder " + oid, O26, "GetOrderResponse",
                sb.json("GET", "/orders/2026-01-01/orders/%s?includedData=%s" % (oid, every)))
    m.check("searchOrders 400", O26, "errors",
            sb.json("GET", "/orders/2026-01-01/orders?createdAfter=bad", expect=400))
    m.check("getOrder 404", O26, "errors",
            sb.json("GET", "/orders/2026-01-01/orders/000-0000000-0000000", expect=404))

    # confirmShipment on an unshipped merchant order: 400 shape, then 204.
    state = sb.json("GET", "/_sandbox/state")
    target = next(o for o in state["orders"] if o["fulfilledBy"] == "MERCHANT" and o["status"] == "UNSHIPPED")
    order = sb.json("GET", "/orders/2026-01-01/orders/" + target["orderId"])["order"]
    item = order["orderItems"][0]
    confirm = {"marketplaceId": target["marketplaceId"], "packageDetail": {
        "packageReferenceId": "1", "carrierCode": "UPS", "trackingNumber": "1Z1",
        "shipDate": "2025-12-31T00:00:00Z",
        "orderItems": [{"orderItemId": item["orderItemId"], "quantity": item["quantityOrdered"]}]}}
    bad = copy.deepcopy(confirm)
    bad["packageDetail"]["shipDate"] = "02/21/2022"
    m.check("confirmShipment 400", V0, "ConfirmShipmentErrorResponse",
            sb.json("POST", "/orders/v0/orders/%s/shipmentConfirmation" % target["orderId"],
                    json.dumps(bad), expect=400))
    sb.json("POST", "/orders/v0/orders/%s/shipmentConfirmation" % target["orderId"],
            json.dumps(confirm), expect=204)
    confirm["packageDetail"].update(carrierCode="Other", carrierName="Hermes", trackingNumber="H-2")
    sb.json("POST", "/orders/v0/orders/%s/shipmentConfirmation" % target["orderId"],
            json.dumps(confirm), expect=204)  # an edit of package 1
    m.check("confirmShipment 404", V0, "ConfirmShipmentErrorResponse",
            sb.json("POST", "/orders/v0/orders/000-0000000-0000000/shipmentConfirmation",
                    json.dumps(confirm), expect=404))
    m.check("getOrder after confirm", O26, "GetOrderResponse",
            sb.json("GET", "/orders/2026-01-01/orders/%s?includedData=%s" % (target["orderId"], every)))

    # A buyer's cancellation request, then the seller's partial cancellation through the feed.
    victim = next(o for o in state["orders"] if o["fulfilledBy"] == "MERCHANT"
                  and o["status"] == "UNSHIPPED" and o["orderId"] != target["orderId"])
    first = victim["items"][0]
    sb.json("POST", "/_sandbox/cancellation_requests", json.dumps(
        {"requests": [{"order_id": victim["orderId"], "reason": "ORDERED_BY_MISTAKE"}]}), auth=False)
    ack_doc = sb.json("POST", "/feeds/2021-06-30/documents",
                      json.dumps({"contentType": "text/xml; charset=UTF-8"}), expect=201)
    ack = ('<?xml version="1.0"?><AmazonEnvelope><Header><DocumentVersion>1.01</DocumentVersion>'
           '<MerchantIdentifier>A2SANDBOXSELLER</MerchantIdentifier></Header><MessageType>'
           'OrderAcknowledgement</MessageType><Message><MessageID>1</MessageID><OrderAcknowledgement>'
           '<AmazonOrderID>%s</AmazonOrderID><StatusCode>Failure</StatusCode><Item><AmazonOrderItemCode>'
           '%s</AmazonOrderItemCode><CancelReason>BuyerCanceled</CancelReason><Quantity>1</Quantity>'
           '</Item></OrderAcknowledgement></Message></AmazonEnvelope>' % (victim["orderId"], first["orderItemId"]))
    sb.call("PUT", ack_doc["url"], ack, content_type="text/xml; charset=UTF-8", auth=False)
    sb.json("POST", "/feeds/2021-06-30/feeds", json.dumps(
        {"feedType": "POST_ORDER_ACKNOWLEDGEMENT_DATA", "marketplaceIds": [victim["marketplaceId"]],
         "inputFeedDocumentId": ack_doc["feedDocumentId"]}), expect=202)
    sb.json("POST", "/_sandbox/clock", json.dumps({"advance_s": 5}), auth=False)
    m.check("getOrder after buyer request and partial cancellation", O26, "GetOrderResponse",
            sb.json("GET", "/orders/2026-01-01/orders/%s?includedData=%s" % (victim["orderId"], every)))
    after = next(o for o in sb.json("GET", "/_sandbox/state")["orders"] if o["orderId"] == victim["orderId"])
    if after["items"][0]["quantityCancelled"] != 1:
        FAILURES.append("acknowledgement feed: expected 1 unit cancelled, state says %r" % after["items"][0])

    F = "feeds_2021-06-30"
    doc = sb.json("POST", "/feeds/2021-06-30/documents", json.dumps({"contentType": "application/json"}), expect=201)
    m.check("createFeedDocument", F, "CreateFeedDocumentResponse", doc)
    feed_doc = {"header": {"sellerId": "A2SANDBOXSELLER", "version": "2.0"}, "messages": [
        {"messageId": 1, "sku": "SKU-FBM-1", "operationType": "PATCH", "productType": "PRODUCT",
         "patches": [{"op": "replace", "path": "/attributes/fulfillment_availability",
                      "value": [{"fulfillment_channel_code": "DEFAULT", "quantity": 3}]}]},
        {"messageId": 2, "sku": "NOPE", "operationType": "PATCH", "productType": "PRODUCT",
         "patches": [{"op": "replace", "path": "/attributes/fulfillment_availability",
                      "value": [{"fulfillment_channel_code": "DEFAULT", "quantity": 3}]}]}]}
    sb.call("PUT", doc["url"], json.dumps(feed_doc), content_type="application/json", auth=False)
    created = sb.json("POST", "/feeds/2021-06-30/feeds", json.dumps(
        {"feedType": "JSON_LISTINGS_FEED", "marketplaceIds": ["ATVPDKIKX0DER"],
         "inputFeedDocumentId": doc["feedDocumentId"]}), expect=202)
    m.check("createFeed", F, "CreateFeedResponse", created)
    m.check("getFeed IN_QUEUE", F, "Feed", sb.json("GET", "/feeds/2021-06-30/feeds/" + created["feedId"]))
    sb.json("POST", "/_sandbox/clock", json.dumps({"advance_s": 5}), auth=False)
    feed = sb.json("GET", "/feeds/2021-06-30/feeds/" + created["feedId"])
    m.check("getFeed DONE", F, "Feed", feed)
    result = sb.json("GET", "/feeds/2021-06-30/documents/" + feed["resultFeedDocumentId"])
    m.check("getFeedDocument", F, "FeedDocument", result)
    _, raw = sb.call("GET", result["url"], auth=False)
    report = json.loads(gzip.decompress(raw))
    with open(os.path.join(m.root, "schemas", "listings-feed-processing-report-schema-v2.json")) as f:
        report_schema = json.load(f)
    CHECKED.append("listings feed processing report")
    for e in jsonschema.Draft7Validator(report_schema).iter_errors(report):
        FAILURES.append("processing report: %s at %s" % (e.message, list(e.path)))
    m.check("getFeeds", F, "GetFeedsResponse", sb.json("GET", "/feeds/2021-06-30/feeds?feedTypes=JSON_LISTINGS_FEED"))
    m.check("createFeed 400", F, "errors", sb.json("POST", "/feeds/2021-06-30/feeds", "{}", expect=400))
    m.check("getFeed 404", F, "errors", sb.json("GET", "/feeds/2021-06-30/feeds/nope", expect=404))

    R = "reports_2021-06-30"
    for rtype in ["GET_MERCHANT_LISTINGS_ALL_DATA", "GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL"]:
        created = sb.json("POST", "/reports/2021-06-30/reports", json.dumps(
            {"reportType": rtype, "marketplaceIds": ["ATVPDKIKX0DER"]}), expect=202)
        m.check("createReport " + rtype, R, "CreateReportResponse", created)
        m.check("getReport queued", R, "Report", sb.json("GET", "/reports/2021-06-30/reports/" + created["reportId"]))
        sb.json("POST", "/_sandbox/clock", json.dumps({"advance_s": 5}), auth=False)
        rep = sb.json("GET", "/reports/2021-06-30/reports/" + created["reportId"])
        m.check("getReport done", R, "Report", rep)
        m.check("getReportDocument", R, "ReportDocument",
                sb.json("GET", "/reports/2021-06-30/documents/" + rep["reportDocumentId"]))
    created = sb.json("POST", "/reports/2021-06-30/reports", json.dumps(
        {"reportType": "GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE", "marketplaceIds": ["ATVPDKIKX0DER"]}),
        expect=202)
    sb.json("POST", "/_sandbox/clock", json.dumps({"advance_s": 5}), auth=False)
    m.check("getReport CANCELLED (no data)", R, "Report",
            sb.json("GET", "/reports/2021-06-30/reports/" + created["reportId"]))
    m.check("createReport 400 (returns window over 60 days)", R, "errors", sb.json(
        "POST", "/reports/2021-06-30/reports", json.dumps(
            {"reportType": "GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE", "marketplaceIds": ["ATVPDKIKX0DER"],
             "dataStartTime": "2025-09-01T00:00:00Z", "dataEndTime": "2025-12-01T00:00:00Z"}), expect=400))
    m.check("getReports", R, "GetReportsResponse",
            sb.json("GET", "/reports/2021-06-30/reports?reportTypes=GET_MERCHANT_LISTINGS_ALL_DATA"))

    L = "listingsItems_2021-08-01"
    m.check("getListingsItem", L, "Item", sb.json(
        "GET", "/listings/2021-08-01/items/A2SANDBOXSELLER/SKU-FBM-1?marketplaceIds=ATVPDKIKX0DER"
               "&includedData=summaries,attributes,offers,fulfillmentAvailability,issues"))
    m.check("getListingsItem FBA", L, "Item", sb.json(
        "GET", "/listings/2021-08-01/items/A2SANDBOXSELLER/SKU-FBA-1?marketplaceIds=ATVPDKIKX0DER"
               "&includedData=summaries,attributes"))
    m.check("getListingsItem 400", L, "errors", sb.json(
        "GET", "/listings/2021-08-01/items/A2SANDBOXSELLER/SKU-FBM-1?marketplaceIds=ATVPDKIKX0DER"
               "&includedData=nope", expect=400))
    m.check("getListingsItem 404", L, "errors", sb.json(
        "GET", "/listings/2021-08-01/items/A2SANDBOXSELLER/NOPE?marketplaceIds=ATVPDKIKX0DER", expect=404))
    for sku in ["SKU-FBM-1", "SKU-FBA-1"]:
        m.check("patchListingsItem " + sku, L, "ListingsItemSubmissionResponse", sb.json(
            "PATCH", "/listings/2021-08-01/items/A2SANDBOXSELLER/%s?marketplaceIds=ATVPDKIKX0DER" % sku,
            json.dumps({"productType": "PRODUCT", "patches": [
                {"op": "replace", "path": "/attributes/fulfillment_availability",
                 "value": [{"fulfillment_channel_code": "DEFAULT", "quantity": 4}]}]})))

    m.check("getInventorySummaries", "fbaInventory", "GetInventorySummariesResponse", sb.json(
        "GET", "/fba/inventory/v1/summaries?granularityType=Marketplace&granularityId=ATVPDKIKX0DER"
               "&marketplaceIds=ATVPDKIKX0DER&details=true"))
    # Exhaust getInventorySummaries (burst 2) for Amazon's 429 body.
    for _ in range(3):
        status, raw = sb.call("GET", "/fba/inventory/v1/summaries?granularityType=Marketplace"
                                     "&granularityId=ATVPDKIKX0DER&marketplaceIds=ATVPDKIKX0DER")
    if status != 429:
        FAILURES.append("expected a 429 after the burst, got %d" % status)
    else:
        m.check("429 QuotaExceeded", "fbaInventory", "errors", json.loads(raw))
    sb.json("POST", "/_sandbox/clock", json.dumps({"advance_s": 3601}), auth=False)
    status, raw = sb.call("GET", "/sellers/v1/marketplaceParticipations")
    m.check("403 expired token", "sellers", "errors", json.loads(raw))


if __name__ == "__main__":
    import urllib.parse
    sys.exit(main())
