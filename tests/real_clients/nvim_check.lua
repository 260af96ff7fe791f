-- End-to-end check of hpcls from Neovim, headless.
--
-- Run by tests/test_real_clients.py as:
--   nvim --headless -u NONE -i NONE -n --cmd 'filetype on' -c 'luafile nvim_check.lua'
-- with the environment:
--   HPCLS_WS      a private copy of the repository's examples/ folder (the root_dir)
--   HPCLS_PYTHON  the Python that has hpcls installed
--   HPCLS_LOG     (optional) a file for the server's debug log
--   HPCLS_TIMEOUT_MS (optional) the deadline for each wait, default 20000
--   HPCLS_NVIM_CONFIG (optional) a user configuration to load instead (one of the
--                 snippets of docs/editors.md, e.g. nvim07_config.lua): opening a file
--                 must start and attach the `hpcls` client; `hpcls` must be on PATH and
--                 Neovim started in HPCLS_WS.
-- Without HPCLS_NVIM_CONFIG the script starts the client itself with vim.lsp.start
-- (Neovim >= 0.10, tested with 0.11.4). With it, this file must run on Neovim 0.7: no
-- vim.fs, vim.uv, vim.cmd.edit, LspProgress or other 0.8+ APIs outside that branch.
-- The last line printed is `HPCLS-E2E-OK {json}` (exit 0) or `HPCLS-E2E-FAIL reason` (exit 1).

local here = debug.getinfo(1, 'S').source:sub(2):match('^(.*)/')
local e2e = dofile(here .. '/nvim_e2e.lua')
local out, finish, check = e2e.out, e2e.finish, e2e.check
local uv, joinpath, edit = e2e.uv, e2e.joinpath, e2e.edit
local ws = assert(os.getenv('HPCLS_WS'), 'HPCLS_WS is not set')
local python = os.getenv('HPCLS_PYTHON') or 'python3'
local log_file = os.getenv('HPCLS_LOG')
local user_config = os.getenv('HPCLS_NVIM_CONFIG')
if user_config == '' then
  user_config = nil
end
local timeout = tonumber(os.getenv('HPCLS_TIMEOUT_MS') or '') or 20000
local t0 = uv.hrtime()
-- Neovim's own LSP log (every JSON-RPC message at 'debug'): $XDG_STATE_HOME/nvim/lsp.log.
vim.lsp.set_log_level(os.getenv('HPCLS_NVIM_LOG_LEVEL') or 'warn')
local timings = {}


local function elapsed_ms()
  return math.floor((uv.hrtime() - t0) / 1e6)
end

local function mark(name)
  timings[name] = elapsed_ms()
end



-- Every publishDiagnostics that reaches vim.diagnostic fires DiagnosticChanged.
local diagnostics_seen = 0
vim.api.nvim_create_autocmd('DiagnosticChanged', {
  callback = function()
    diagnostics_seen = diagnostics_seen + 1
  end,
})
-- $/progress of the workspace index: wrap the global handler (no LspProgress before 0.10;
-- neither configuration sets its own handlers) to see when it ends.
local progress = { begin = false, done = false, message = nil }
local progress_handler = vim.lsp.handlers['$/progress']
vim.lsp.handlers['$/progress'] = function(err, result, ctx, cfg)
  local value = result and result.value or {}
  if value.kind == 'begin' then
    progress.begin = true
  elseif value.kind == 'end' then
    progress.done = true
    progress.message = value.message
  end
  return progress_handler(err, result, ctx, cfg)
end

local function run()
  local cmd = { python, '-m', 'hpcls', 'serve' }
  if log_file and log_file ~= '' then
    vim.list_extend(cmd, { '--log-file', log_file, '--log-level', 'debug' })
  end

  -- 1. Start hpcls for heat/heat_solver.f90 with the examples copy as root_dir.
  --    With HPCLS_NVIM_CONFIG, the user configuration does it when the file is opened.
  local main_file = 'heat/heat_solver.f90'
  local exited = nil
  local config, client_id
  if user_config then
    dofile(user_config)
  end
  edit(joinpath(ws, main_file))
  local bufnr = vim.api.nvim_get_current_buf()
  check(vim.bo[bufnr].filetype == 'fortran', 'filetype of ' .. main_file .. ' is '
    .. vim.bo[bufnr].filetype)
  if user_config then
    -- A client is listed once it has initialized.
    local clients = {}
    vim.wait(timeout, function()
      clients = e2e.clients('hpcls')
      return #clients > 0
    end, 20)
    check(#clients == 1, 'opening ' .. main_file .. ' with ' .. user_config .. ' started '
      .. #clients .. ' initialized hpcls clients within ' .. timeout .. ' ms, want 1')
    client_id = clients[1].id
  else
    config = {
      name = 'hpcls',
      cmd = cmd,
      root_dir = ws,
      on_exit = function(code, signal)
        exited = string.format('exit code %d, signal %d', code, signal)
      end,
    }
    client_id = vim.lsp.start(config, { bufnr = bufnr })
    check(client_id, 'vim.lsp.start returned nil')
  end
  local function gone()
    -- The user configuration sets no on_exit: a stopped client is an exited server.
    if user_config and exited == nil and vim.lsp.client_is_stopped(client_id) then
      exited = 'client ' .. client_id .. ' stopped'
    end
    return exited ~= nil
  end
  local initialized = vim.wait(timeout, function()
    local c = vim.lsp.get_client_by_id(client_id)
    return gone() or (c ~= nil and c.initialized and vim.lsp.buf_is_attached(bufnr, client_id))
  end, 20)
  check(not exited, 'server exited before initializing: ' .. tostring(exited)
    .. ' (its stderr is in ' .. require('vim.lsp.log').get_filename() .. ')')
  check(initialized, 'server did not initialize / attach within ' .. timeout .. ' ms')
  local client = assert(vim.lsp.get_client_by_id(client_id))
  mark('initialized_ms')
  local root_dir = client.config.root_dir
  local server_name = client.server_info and client.server_info.name or '?'

  -- The index reports $/progress; definition waits for it anyway, but wait here so that
  -- the timings separate indexing from the requests.
  local indexed = vim.wait(timeout, function()
    return progress.done or gone()
  end, 20)
  check(not exited, 'server exited: ' .. tostring(exited))
  check(indexed, 'no $/progress end for the workspace index within ' .. timeout .. ' ms'
    .. ' (begin seen: ' .. tostring(progress.begin) .. ')')
  mark('index_done_ms')

  -- 2. Document symbols: program heat_solver with its contained procedures.
  local function document_symbols(buf, what)
    local resp = vim.lsp.buf_request_sync(buf, 'textDocument/documentSymbol',
      { textDocument = { uri = vim.uri_from_bufnr(buf) } }, timeout)
    check(resp and resp[client_id], 'no documentSymbol response for ' .. what)
    check(not resp[client_id].err, 'documentSymbol error for ' .. what .. ': '
      .. vim.inspect(resp[client_id].err))
    local symbols, names = resp[client_id].result or {}, {}
    for _, s in ipairs(symbols) do
      table.insert(names, s.name)
    end
    return symbols, names
  end
  local uri = vim.uri_from_bufnr(bufnr)
  local symbols, names = document_symbols(bufnr, main_file)
  local program
  for _, s in ipairs(symbols) do
    if s.name == 'heat_solver' then
      program = s
    end
  end
  check(program, 'no symbol `heat_solver` among ' .. vim.inspect(names))
  local children = {}
  for _, c in ipairs(program.children or {}) do
    children[c.name] = c
  end
  for _, want in ipairs({ 'parse_command_line', 'setup_decomposition', 'print_summary' }) do
    check(children[want], 'program `heat_solver` has no child `' .. want .. '`: '
      .. vim.inspect(vim.tbl_keys(children)))
  end
  mark('symbols_ms')

  -- 3. A syntax error: insert `x = (1 + 2` (an unclosed parenthesis) after
  --    `call halo_setup(g)` and wait for hpcls's syntax/error diagnostic on that line; then
  --    remove it and wait for the diagnostic to go.
  local function syntax_errors()
    local found = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.source == 'hpcls' and d.code == 'syntax/error' then
        table.insert(found, d)
      end
    end
    return found
  end
  -- The clean file's diagnostics (published after didOpen) come first.
  check(vim.wait(timeout, function()
    return diagnostics_seen > 0
  end, 20), 'no publishDiagnostics for the opened ' .. main_file .. ' within ' .. timeout .. ' ms')
  check(#syntax_errors() == 0, 'syntax/error on the clean ' .. main_file .. ': '
    .. vim.inspect(syntax_errors()))
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  local at
  for i, l in ipairs(lines) do
    if not at and l:match('^%s*call halo_setup%(') then
      at = i -- insert after this line, that is at 0-based line i
    end
  end
  check(at, 'line `call halo_setup(` not found in ' .. main_file)
  vim.api.nvim_buf_set_lines(bufnr, at, at, false, { '  x = (1 + 2' })
  local got = vim.wait(timeout, function()
    return #syntax_errors() > 0
  end, 20)
  check(got, 'no hpcls syntax/error diagnostic within ' .. timeout .. ' ms; diagnostics: '
    .. vim.inspect(vim.diagnostic.get(bufnr)))
  local err = syntax_errors()[1]
  check(err.lnum == at and (err.end_lnum or err.lnum) >= at,
    string.format('syntax/error at lines %d-%d (%s) is not on the inserted line %d',
      err.lnum + 1, (err.end_lnum or err.lnum) + 1, err.message, at + 1))
  mark('syntax_error_ms')
  local diagnostic = { line = err.lnum + 1, end_line = (err.end_lnum or err.lnum) + 1,
    message = err.message, severity = err.severity }

  vim.api.nvim_buf_set_lines(bufnr, at, at + 1, false, {})
  local cleared = vim.wait(timeout, function()
    return #syntax_errors() == 0
  end, 20)
  check(cleared, 'syntax/error still reported after the bad line was removed: '
    .. vim.inspect(syntax_errors()))
  mark('syntax_cleared_ms')

  -- 4. Go to definition on `halo_setup` in `call halo_setup(g)`: it is defined in
  --    heat/heat_halo.f90, on the line of `subroutine halo_setup` (found in its text).
  local def_file = 'heat/heat_halo.f90'
  local def_line
  local n = 0
  for l in io.lines(joinpath(ws, def_file)) do
    n = n + 1
    if not def_line and l:match('^%s*subroutine%s+halo_setup%f[^%w_]') then
      def_line = n
    end
  end
  check(def_line, '`subroutine halo_setup` not found in ' .. def_file)
  lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  local pos
  for i, l in ipairs(lines) do
    local col = l:match('^%s*call%s+()halo_setup%(')
    if col and not pos then
      pos = { line = i - 1, character = col } -- col is 1-based: this is inside `halo_setup`
    end
  end
  check(pos, 'line with `call halo_setup(` not found')
  local resp = vim.lsp.buf_request_sync(bufnr, 'textDocument/definition',
    { textDocument = { uri = uri }, position = pos }, timeout)
  check(resp and resp[client_id], 'no definition response')
  check(not resp[client_id].err, 'definition error: ' .. vim.inspect(resp[client_id].err))
  local result = resp[client_id].result
  check(result ~= nil and result ~= vim.NIL, 'definition returned null')
  if result.uri or result.targetUri then
    result = { result }
  end
  check(#result >= 1, 'definition returned no location')
  local loc = result[1]
  local target_uri = loc.uri or loc.targetUri
  local range = loc.range or loc.targetSelectionRange or loc.targetRange
  local target = uv.fs_realpath(vim.uri_to_fname(target_uri)) or vim.uri_to_fname(target_uri)
  local root = (uv.fs_realpath(ws) or ws) .. '/'
  local target_rel = vim.startswith(target, root) and target:sub(#root + 1) or target
  check(target_rel == def_file, 'definition points to ' .. target_uri .. ', want ' .. def_file)
  check(range.start.line + 1 == def_line, 'definition points to line '
    .. (range.start.line + 1) .. ' of ' .. def_file .. ', want ' .. def_line)
  mark('definition_ms')

  -- 4b. An MPI hover: heat/heat_halo.f90 uses mpi_f08, so the hover shows that binding.
  edit(joinpath(ws, def_file))
  local hbuf = vim.api.nvim_get_current_buf()
  if not user_config then
    vim.lsp.start(config, { bufnr = hbuf })
  end
  check(vim.wait(timeout, function()
    return gone() or vim.lsp.buf_is_attached(hbuf, client_id)
  end, 20), def_file .. ' not attached within ' .. timeout .. ' ms')
  local mpi_pos
  for i, l in ipairs(vim.api.nvim_buf_get_lines(hbuf, 0, -1, false)) do
    local col = l:match('^%s*call%s+()MPI_Type_vector%(')
    if col and not mpi_pos then
      mpi_pos = { line = i - 1, character = col }
    end
  end
  check(mpi_pos, 'line with `call MPI_Type_vector(` not found in ' .. def_file)
  local hresp = vim.lsp.buf_request_sync(hbuf, 'textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(hbuf) }, position = mpi_pos }, timeout)
  check(hresp and hresp[client_id] and not hresp[client_id].err, 'no MPI hover response: '
    .. vim.inspect(hresp))
  local hover = hresp[client_id].result
  check(hover ~= nil and hover ~= vim.NIL, 'MPI hover returned null')
  local mpi_hover = hover.contents.value or ''
  check(mpi_hover:find('TYPE(MPI_Datatype)', 1, true) and mpi_hover:find('`oldtype`', 1, true),
    'MPI hover lacks the mpi_f08 binding or its parameters: ' .. mpi_hover)
  mark('mpi_hover_ms')

  -- 5. A second language through the same client set-up: jacobi/jacobi.c attaches to
  --    the same hpcls client (same name and root_dir) and has jacobi_solve and main.
  local c_file = 'jacobi/jacobi.c'
  edit(joinpath(ws, c_file))
  local cbuf = vim.api.nvim_get_current_buf()
  check(vim.bo[cbuf].filetype == 'c', 'filetype of ' .. c_file .. ' is ' .. vim.bo[cbuf].filetype)
  if not user_config then
    local c_client = vim.lsp.start(config, { bufnr = cbuf })
    check(c_client == client_id, 'vim.lsp.start for ' .. c_file .. ' gave client '
      .. tostring(c_client) .. ', want the running ' .. client_id)
  end
  check(vim.wait(timeout, function()
    return gone() or vim.lsp.buf_is_attached(cbuf, client_id)
  end, 20), c_file .. ' not attached within ' .. timeout .. ' ms')
  local all = e2e.clients('hpcls')
  check(#all == 1, 'after opening ' .. c_file .. ' there are ' .. #all
    .. ' hpcls clients, want the one running')
  check(not exited, 'server exited: ' .. tostring(exited))
  local _, c_names = document_symbols(cbuf, c_file)
  for _, want in ipairs({ 'jacobi_solve', 'main' }) do
    check(vim.tbl_contains(c_names, want), 'no symbol `' .. want .. '` in ' .. c_file
      .. ' among ' .. vim.inspect(c_names))
  end
  mark('c_symbols_ms')

  return {
    client = 'neovim ' .. e2e.version(),
    server = server_name,
    root_dir = root_dir,
    index_progress = progress,
    symbols = names,
    program_children = vim.tbl_keys(children),
    syntax_error = diagnostic,
    definition = { uri = target_rel, line = range.start.line + 1,
      character = range.start.character + 1 },
    locations = #result,
    mpi_hover = mpi_hover:sub(1, 80),
    c_symbols = c_names,
    timings_ms = timings,
  }
end

local ok, res = xpcall(run, function(e)
  if type(e) == 'table' and e.e2e then
    return e.e2e
  end
  return debug.traceback(tostring(e), 2)
end)
finish(ok, res)
