#!/usr/bin/env bash
# Issue 4 "Done when": with curl only, get a token, page through generated orders, submit a JSON
# listings feed and read its processing report, confirm a shipment, cancel an order through the
# acknowledgement feed, and see each effect in /_sandbox/state.
# Usage: done_when.sh path/to/amzconn-sandbox
set -euo pipefail
BIN=${1:?usage: done_when.sh path/to/amzconn-sandbox}
WORK=$(mktemp -d)
coproc SANDBOX { exec "$BIN" --port 0 --clock virtual --generate 150 --seed 8 --exit-on-stdin-eof --max-lifetime 120 2>"$WORK/stderr"; }
trap 'kill "$SANDBOX_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
read -r first <&"${SANDBOX[0]}"
URL=${first#listening }
[[ $first == "listening http://127.0.0.1:"* ]] || { echo "bad first line: $first"; exit 1; }
fail() { echo "FAIL: $*"; exit 1; }
field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p" | head -n1; }

# 1. Token.
TOKEN=$(curl -sf -X POST "$URL/auth/o2/token" \
  -H 'Content-Type: application/x-www-form-urlencoded;charset=UTF-8' \
  --data-urlencode grant_type=refresh_token --data-urlencode 'refresh_token=Atzr|demo' \
  --data-urlencode client_id=demo-app --data-urlencode client_secret=demo-secret | field access_token)
[[ $TOKEN == Atza\|* ]] || fail "no access token"
AUTH=(-H "x-amz-access-token: $TOKEN")

# 2. Page through generated orders.
NEXT=""; PAGES=0; ORDERS=0
while :; do
  Q="createdAfter=2025-11-01T00:00:00Z&maxResultsPerPage=40&includedData=FULFILLMENT"
  [[ -n $NEXT ]] && Q="$Q&paginationToken=$(printf %s "$NEXT" | sed 's/+/%2B/g; s/\//%2F/g; s/=/%3D/g')"
  curl -sf "${AUTH[@]}" "$URL/orders/2026-01-01/orders?$Q" > "$WORK/page.json"
  PAGES=$((PAGES + 1))
  ORDERS=$((ORDERS + $(grep -o '"orderId"' "$WORK/page.json" | wc -l)))
  NEXT=$(field nextToken < "$WORK/page.json")
  [[ -z $NEXT ]] && break
done
[[ $ORDERS -eq 150 ]] || fail "expected 150 orders over the pages, got $ORDERS in $PAGES pages"
echo "paged $ORDERS orders in $PAGES pages"

# 3. JSON listings feed: set SKU-FBM-1 in the US to 11 units, read the processing report.
DOC=$(curl -sf "${AUTH[@]}" -X POST "$URL/feeds/2021-06-30/documents" -H 'Content-Type: application/json' \
  -d '{"contentType":"application/json; charset=UTF-8"}')
DOC_ID=$(field feedDocumentId <<<"$DOC"); UPLOAD=$(field url <<<"$DOC")
curl -sf -X PUT "$UPLOAD" -H 'Content-Type: application/json; charset=UTF-8' --data-binary \
  '{"header":{"sellerId":"A2SANDBOXSELLER","version":"2.0"},"messages":[{"messageId":1,"sku":"SKU-FBM-1","operationType":"PATCH","productType":"PRODUCT","patches":[{"op":"replace","path":"/attributes/fulfillment_availability","value":[{"fulfillment_channel_code":"DEFAULT","quantity":11}]}]}]}' >/dev/null
FEED=$(curl -sf "${AUTH[@]}" -X POST "$URL/feeds/2021-06-30/feeds" -H 'Content-Type: application/json' \
  -d "{\"feedType\":\"JSON_LISTINGS_FEED\",\"marketplaceIds\":[\"ATVPDKIKX0DER\"],\"inputFeedDocumentId\":\"$DOC_ID\"}" | field feedId)
curl -sf -X POST "$URL/_sandbox/clock" -d '{"advance_s": 5}' >/dev/null
STATUS=$(curl -sf "${AUTH[@]}" "$URL/feeds/2021-06-30/feeds/$FEED")
[[ $(field processingStatus <<<"$STATUS") == DONE ]] || fail "feed not DONE: $STATUS"
RESULT_URL=$(curl -sf "${AUTH[@]}" "$URL/feeds/2021-06-30/documents/$(field resultFeedDocumentId <<<"$STATUS")" | field url)
REPORT=$(curl -sf "$RESULT_URL" | gunzip -c)
grep -q '"messagesAccepted":1' <<<"$REPORT" || fail "processing report: $REPORT"
curl -sf "$URL/_sandbox/state" | grep -q '"sku":"SKU-FBM-1","asin":"B0SBX00001","marketplace_id":"ATVPDKIKX0DER","channel":"DEFAULT","quantity":11' \
  || fail "stock not updated in state"
echo "listings feed $FEED applied"

# 4. Confirm a shipment for an added unshipped order; 5. cancel another through the ack feed.
curl -sf -X POST "$URL/_sandbox/orders" -d '{"orders":[
 {"orderId":"111-9000001-0000001","createdTime":"2025-12-31T08:00:00Z","salesChannel":{"channelName":"AMAZON","marketplaceId":"ATVPDKIKX0DER"},
  "fulfillment":{"fulfillmentStatus":"UNSHIPPED","fulfilledBy":"MERCHANT"},"orderItems":[{"orderItemId":"901","quantityOrdered":1,"product":{"sellerSku":"SKU-FBM-1"}}]},
 {"orderId":"111-9000002-0000002","createdTime":"2025-12-31T08:00:00Z","salesChannel":{"channelName":"AMAZON","marketplaceId":"ATVPDKIKX0DER"},
  "fulfillment":{"fulfillmentStatus":"UNSHIPPED","fulfilledBy":"MERCHANT"},"orderItems":[{"orderItemId":"902","quantityOrdered":1,"product":{"sellerSku":"SKU-FBM-2"}}]}]}' >/dev/null
CODE=$(curl -s -o /dev/null -w '%{http_code}' "${AUTH[@]}" -X POST -H 'Content-Type: application/json' \
  "$URL/orders/v0/orders/111-9000001-0000001/shipmentConfirmation" \
  -d '{"marketplaceId":"ATVPDKIKX0DER","packageDetail":{"packageReferenceId":"1","carrierCode":"UPS","trackingNumber":"1Z999AA10123456784","shipDate":"2025-12-31T12:00:00Z","orderItems":[{"orderItemId":"901","quantity":1}]}}')
[[ $CODE == 204 ]] || fail "confirmShipment answered $CODE"
DOC=$(curl -sf "${AUTH[@]}" -X POST "$URL/feeds/2021-06-30/documents" -H 'Content-Type: application/json' -d '{"contentType":"text/xml; charset=UTF-8"}')
curl -sf -X PUT "$(field url <<<"$DOC")" -H 'Content-Type: text/xml; charset=UTF-8' --data-binary \
 '<?xml version="1.0"?><AmazonEnvelope><Header><DocumentVersion>1.01</DocumentVersion><MerchantIdentifier>A2SANDBOXSELLER</MerchantIdentifier></Header><MessageType>OrderAcknowledgement</MessageType><Message><MessageID>1</MessageID><OrderAcknowledgement><AmazonOrderID>111-9000002-0000002</AmazonOrderID><StatusCode>Failure</StatusCode><Item><AmazonOrderItemCode>902</AmazonOrderItemCode><CancelReason>NoInventory</CancelReason></Item></OrderAcknowledgement></Message></AmazonEnvelope>' >/dev/null
curl -sf "${AUTH[@]}" -X POST "$URL/feeds/2021-06-30/feeds" -H 'Content-Type: application/json' \
  -d "{\"feedType\":\"POST_ORDER_ACKNOWLEDGEMENT_DATA\",\"marketplaceIds\":[\"ATVPDKIKX0DER\"],\"inputFeedDocumentId\":\"$(field feedDocumentId <<<"$DOC")\"}" >/dev/null
curl -sf -X POST "$URL/_sandbox/clock" -d '{"advance_s": 5}' >/dev/null

STATE=$(curl -sf "$URL/_sandbox/state")
grep -q '"orderId":"111-9000001-0000001","status":"SHIPPED"' <<<"$STATE" || fail "shipment not in state"
grep -q '"trackingNumber":"1Z999AA10123456784"' <<<"$STATE" || fail "tracking number not in state"
grep -q '"orderId":"111-9000002-0000002","status":"CANCELLED"' <<<"$STATE" || fail "cancellation not in state"
grep -q '"reason":"NoInventory"' <<<"$STATE" || fail "cancel reason not in state"
grep -q '"confirmations":1' <<<"$STATE" || fail "confirmation counter"
echo "shipment confirmed and order cancelled; all effects visible in /_sandbox/state"
curl -sf -X POST "$URL/_sandbox/shutdown" >/dev/null
echo OK
