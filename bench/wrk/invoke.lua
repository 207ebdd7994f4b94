-- wrk script for Lambda Invoke (POST /2015-03-31/functions/<f>/invocations):
-- a small JSON event; any answer but 200 stops the run.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"hello":"world","n":42}'

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("unexpected status " .. status .. ": " .. body .. "\n")
    os.exit(1)
  end
end
