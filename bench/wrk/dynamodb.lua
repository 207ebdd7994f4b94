-- wrk script for DynamoDB requests. Environment:
--   BENCH_OP    GetItem | PutItem | Query | QueryGsi (the benchgsi table's byGroup index, 100 items)
--               | PutItemPlain / PutItemGsi (the same item, to bench without indexes / to benchgsi with
--               two GSIs) | TransactWrite10 (TransactWriteItems of 10 such Puts into bench)
-- The signature is well-formed but not checked (both servers run without auth).
local op = os.getenv("BENCH_OP") or "GetItem"
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-amz-json-1.0"
wrk.headers["X-Amz-Target"] = "DynamoDB_20120810." .. op
wrk.headers["X-Amz-Date"] = "20260101T000000Z"
wrk.headers["Authorization"] = "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/dynamodb/aws4_request, " ..
  "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" .. string.rep("0", 64)

local bodies = {
  GetItem = '{"TableName":"bench","Key":{"pk":{"S":"item-42"},"sk":{"N":"0"}}}',
  Query = '{"TableName":"bench","KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"q"}}}',
  QueryGsi = '{"TableName":"benchgsi","IndexName":"byGroup","KeyConditionExpression":"g = :g",' ..
    '"ExpressionAttributeValues":{":g":{"S":"q"}}}',
}
wrk.body = bodies[op]
local target = "DynamoDB_20120810." .. op
if op == "PutItemPlain" or op == "PutItemGsi" then target = "DynamoDB_20120810.PutItem" end
if op == "TransactWrite10" then target = "DynamoDB_20120810.TransactWriteItems" end
if op == "QueryGsi" then target = "DynamoDB_20120810.Query" end
wrk.headers["X-Amz-Target"] = target

local counter = 0
local thread_id = tostring(math.random(1, 1e9))
-- An item that both GSIs of benchgsi index (g, n for byGroup; tag for byTag).
local function indexed_item(n)
  return '{"pk":{"S":"put-' .. thread_id .. '-' .. n .. '"},"sk":{"N":"1"},"payload":{"S":"' ..
    string.rep("x", 64) .. '"},"n":{"N":"' .. n .. '"},"g":{"S":"w' .. (n % 1000) .. '"},"tag":{"S":"t' ..
    (n % 97) .. '"}}'
end

function request()
  if op == "PutItemPlain" or op == "PutItemGsi" then
    counter = counter + 1
    local table_name = op == "PutItemGsi" and "benchgsi" or "bench"
    return wrk.format(nil, nil, nil, '{"TableName":"' .. table_name .. '","Item":' .. indexed_item(counter) .. '}')
  end
  if op == "TransactWrite10" then
    local puts = {}
    for i = 1, 10 do
      counter = counter + 1
      puts[i] = '{"Put":{"TableName":"bench","Item":' .. indexed_item(counter) .. '}}'
    end
    return wrk.format(nil, nil, nil, '{"TransactItems":[' .. table.concat(puts, ",") .. ']}')
  end
  if op ~= "PutItem" then return wrk.format() end
  counter = counter + 1
  local body = '{"TableName":"bench","Item":{"pk":{"S":"put-' .. thread_id .. '-' .. counter ..
    '"},"sk":{"N":"1"},"payload":{"S":"' .. string.rep("x", 64) .. '"},"n":{"N":"' .. counter .. '"}}}'
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("unexpected status " .. status .. ": " .. body .. "\n")
    os.exit(1)
  end
end
