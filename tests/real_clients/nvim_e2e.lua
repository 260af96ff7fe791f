-- What the Neovim end-to-end scripts share: printing the result line, and leaving Neovim
-- after the hpcls clients have shut down. Loaded with dofile() from beside the script.

local M = {}

function M.out(line)
  io.stdout:write(line .. '\n')
  io.stdout:flush()
end

-- The last line printed is `HPCLS-E2E-OK {json}` (exit 0) or `HPCLS-E2E-FAIL reason` (exit 1).
function M.finish(ok, payload)
  if ok then
    M.out('HPCLS-E2E-OK ' .. vim.json.encode(payload))
  else
    M.out('HPCLS-E2E-FAIL ' .. tostring(payload))
  end
  -- Shut the server down cleanly (shutdown + exit) before leaving.
  for _, c in ipairs(vim.lsp.get_clients({ name = 'hpcls' })) do
    vim.lsp.stop_client(c.id)
  end
  vim.wait(3000, function()
    return #vim.lsp.get_clients({ name = 'hpcls' }) == 0
  end, 50)
  vim.cmd(ok and 'qall!' or 'cquit! 1')
end

-- A failed check: raised as a table so that the runner tells it from a Lua error.
function M.check(cond, reason)
  if not cond then
    error({ e2e = reason }, 0)
  end
end

return M
