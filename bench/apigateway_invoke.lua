-- wrk script for the direct Invoke beside the API Gateway benchmark: POSTs
-- the payload 2.0 event in $EVENT_FILE; any answer but 200 stops the run.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = assert(io.open(os.getenv("EVENT_FILE"), "r"))
wrk.body = f:read("*a")
f:close()

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("unexpected status " .. status .. ": " .. body .. "\n")
    os.exit(1)
  end
end
