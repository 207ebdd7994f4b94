-- wrk script for DynamoDB requests. Environment:
--   BENCH_OP    GetItem | PutItem | Query
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
}
wrk.body = bodies[op]

local counter = 0
local thread_id = tostring(math.random(1, 1e9))
function request()
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
