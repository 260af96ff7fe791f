-- What the Neovim end-to-end scripts share: printing the result line, and leaving Neovim
-- after the hpcls clients have shut down. Loaded with dofile() from beside the script.
-- Runs on Neovim 0.7 (nvim_check.lua with the docs' 0.7 configuration): no 0.8+ APIs here.

local M = {}

M.uv = vim.uv or vim.loop -- vim.uv is 0.10+

function M.joinpath(dir, name) -- vim.fs.joinpath is 0.10+
  return dir .. '/' .. name
end

function M.edit(path) -- vim.cmd.edit is 0.8+
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
end

function M.version()
  local v = vim.version()
  return string.format('%d.%d.%d', v.major, v.minor, v.patch)
end

-- The running clients called `name` (vim.lsp.get_clients is 0.10+; 0.7's
-- get_active_clients takes no filter).
function M.clients(name)
  local found = {}
  for _, c in ipairs((vim.lsp.get_clients or vim.lsp.get_active_clients)()) do
    if c.name == name then
      table.insert(found, c)
    end
  end
  return found
end

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
  for _, c in ipairs(M.clients('hpcls')) do
    vim.lsp.stop_client(c.id)
  end
  vim.wait(3000, function()
    return #M.clients('hpcls') == 0
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
