-- wrk script that stops the run at the first answer other than 200, so a
-- failing server cannot post a high figure with errors.
function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("unexpected status " .. status .. ": " .. body .. "\n")
    os.exit(1)
  end
end
