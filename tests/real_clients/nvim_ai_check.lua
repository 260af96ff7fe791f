-- AI completions of hpcls through Neovim's own LSP client (>= 0.10, tested with 0.11.4),
-- headless, with the embedded default model.
--
-- Run by tests/test_real_client_ai.py as:
--   nvim --headless -u NONE -i NONE -n --cmd 'filetype on' -c 'luafile nvim_ai_check.lua'
-- with the environment:
--   HPCLS_WS        the workspace folder (root_dir) that holds the files of the cases
--   HPCLS_AI_CASES  a JSON file: a list of { file, filetype, line, character, out_before,
--                   out_after }; file is relative to HPCLS_WS, line and character are
--                   0-based (character in bytes: the cases are ASCII) and name the end of a
--                   partially typed line
--   HPCLS_PYTHON    the Python that has hpcls installed
--   HPCLS_LOG       (optional) a file for the server's debug log
--   HPCLS_TIMEOUT_MS (optional) the deadline for each wait, default 60000
--
-- For each case, in one hpcls client:
--   1. textDocument/inlineCompletion at the cursor, sent by vim.lsp.buf_request_sync (Neovim
--      0.11 has no inline completion UI); the buffer text before, and after the first item
--      is applied at the cursor with nvim_buf_set_text, is written to out_before / out_after
--      for pytest to parse-check;
--   2. the textDocument/completion fallback item the way a Neovim 0.11 user sees it: `A`
--      then CTRL-X CTRL-O in insert mode (the omnifunc vim.lsp.omnifunc, with
--      vim.lsp.completion.enable), the popup items read with complete_info(), the AI item
--      accepted with nvim_select_popupmenu_item (as CTRL-Y would), the resulting line
--      recorded, and the line restored.
-- $/progress is followed through LspProgress. Each request's time is recorded and printed.
-- The last line printed is `HPCLS-E2E-OK {json}` (exit 0) or `HPCLS-E2E-FAIL reason` (exit 1).
--
-- Insert mode needs Neovim's main loop to read typeahead, which a running script never
-- gives it: the script runs in a coroutine that yields to the main loop while keys are
-- processed, and is resumed from a timer (see main_loop_until).

local e2e = dofile(vim.fs.dirname(debug.getinfo(1, 'S').source:sub(2)) .. '/nvim_e2e.lua')
local out, finish, check = e2e.out, e2e.finish, e2e.check
local ws = assert(os.getenv('HPCLS_WS'), 'HPCLS_WS is not set')
local cases_file = assert(os.getenv('HPCLS_AI_CASES'), 'HPCLS_AI_CASES is not set')
local python = os.getenv('HPCLS_PYTHON') or 'python3'
local log_file = os.getenv('HPCLS_LOG')
local timeout = tonumber(os.getenv('HPCLS_TIMEOUT_MS') or '') or 60000
local t0 = vim.uv.hrtime()
vim.lsp.set_log_level(os.getenv('HPCLS_NVIM_LOG_LEVEL') or 'warn')

local AI_TITLE = 'hpcls: loading the AI model'
local DETAIL = 'hpcls AI completion: parse-checked, not compiled'


local function now_ms()
  return (vim.uv.hrtime() - t0) / 1e6
end



-- $/progress, per token: the title of its begin, the message of its end, when each came.
local progress = {}
vim.api.nvim_create_autocmd('LspProgress', {
  callback = function(ev)
    local params = ev.data and ev.data.params or {}
    local value = params.value or {}
    local token = tostring(params.token)
    local p = progress[token] or {}
    progress[token] = p
    if value.kind == 'begin' then
      p.title = value.title
      p.begin_ms = math.floor(now_ms())
    elseif value.kind == 'end' then
      p.message = value.message or ''
      p.end_ms = math.floor(now_ms())
    end
  end,
})

local function progress_titled(title)
  for _, p in pairs(progress) do
    if p.title == title then
      return p
    end
  end
  return nil
end

-- Replies to textDocument/completion, counted when they reach the client.
local completion_replies = 0
vim.api.nvim_create_autocmd('LspRequest', {
  callback = function(ev)
    local request = ev.data and ev.data.request or {}
    if request.method == 'textDocument/completion' and request.type == 'complete' then
      completion_replies = completion_replies + 1
    end
  end,
})

local co -- the coroutine that runs the checks

-- Give Neovim's main loop control (it then reads typeahead, enters insert mode, shows the
-- popup) until cond() is true or ms pass; returns whether cond() became true.
local function main_loop_until(cond, ms)
  local deadline = vim.uv.hrtime() + ms * 1e6
  local timer = assert(vim.uv.new_timer())
  local done = false
  timer:start(
    10,
    10,
    vim.schedule_wrap(function()
      if done then
        return
      end
      local ok, met = pcall(cond)
      met = ok and met
      if met or vim.uv.hrtime() >= deadline then
        done = true
        timer:stop()
        timer:close()
        local resumed, err = coroutine.resume(co, met and true or false)
        if not resumed then
          out('HPCLS-E2E-FAIL coroutine: ' .. tostring(err))
          vim.cmd('cquit! 1')
        end
      end
    end)
  )
  return coroutine.yield()
end

local function feed(keys)
  vim.api.nvim_feedkeys(vim.keycode(keys), 'n', false)
end

local function buffer_text(bufnr)
  return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n') .. '\n'
end

local function write_text(path, text)
  local f = assert(io.open(path, 'wb'))
  f:write(text)
  f:close()
end

local function run()
  local cases = vim.json.decode(table.concat(vim.fn.readfile(cases_file), '\n'))
  local cmd = { python, '-m', 'hpcls', 'serve' }
  if log_file and log_file ~= '' then
    vim.list_extend(cmd, { '--log-file', log_file, '--log-level', 'debug' })
  end
  -- The cursor sits at the end of a line in normal mode as well, where the popup and the
  -- inline request both ask.
  vim.o.virtualedit = 'onemore'
  vim.o.shortmess = vim.o.shortmess .. 'c' -- no "Omni completion" messages
  local exited = nil
  local config = {
    name = 'hpcls',
    cmd = cmd,
    root_dir = ws,
    init_options = { ai = { debounce_ms = 0, time_limit_ms = 20000 } },
    on_exit = function(code, signal)
      exited = string.format('exit code %d, signal %d', code, signal)
    end,
  }
  local client_id, client
  local results = {}
  for n, case in ipairs(cases) do
    local result = { file = case.file }
    results[n] = result
    vim.cmd.edit(vim.fn.fnameescape(vim.fs.joinpath(ws, case.file)))
    local bufnr = vim.api.nvim_get_current_buf()
    result.filetype = vim.bo[bufnr].filetype
    check(result.filetype == case.filetype, 'filetype of ' .. case.file .. ' is '
      .. result.filetype .. ', want ' .. case.filetype)
    local id = vim.lsp.start(config, { bufnr = bufnr })
    check(id, 'vim.lsp.start returned nil for ' .. case.file)
    check(client_id == nil or id == client_id, case.file .. ' got client ' .. tostring(id)
      .. ', want the running ' .. tostring(client_id))
    client_id = id
    local attached = vim.wait(timeout, function()
      local c = vim.lsp.get_client_by_id(id)
      return exited ~= nil or (c ~= nil and c.initialized and vim.lsp.buf_is_attached(bufnr, id))
    end, 20)
    check(not exited, 'server exited: ' .. tostring(exited) .. ' (its stderr is in '
      .. vim.lsp.log.get_filename() .. ')')
    check(attached, case.file .. ' not attached within ' .. timeout .. ' ms')
    client = assert(vim.lsp.get_client_by_id(id))
    if n == 1 then
      -- Let the workspace index finish, so that it is in every prompt.
      check(vim.wait(timeout, function()
        return exited ~= nil or (progress_titled('hpcls: indexing workspace') or {}).end_ms
      end, 20), 'no $/progress end for the workspace index within ' .. timeout .. ' ms')
    end
    result.language_id = client:_get_language_id(bufnr) -- what didOpen sent
    check(client.server_capabilities.inlineCompletionProvider,
      'the server does not announce inlineCompletionProvider')

    -- 1. textDocument/inlineCompletion at the end of the partially typed line.
    vim.api.nvim_win_set_cursor(0, { case.line + 1, case.character })
    local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
    check(params.position.line == case.line and params.position.character == case.character,
      'position params ' .. vim.inspect(params.position) .. ' are not the cursor of the case')
    params.context = { triggerKind = 1 } -- Invoked
    local before = buffer_text(bufnr)
    local started = vim.uv.hrtime()
    local resp = vim.lsp.buf_request_sync(bufnr, 'textDocument/inlineCompletion', params, timeout)
    result.inline_ms = math.floor((vim.uv.hrtime() - started) / 1e6)
    check(not exited, 'server exited: ' .. tostring(exited))
    check(resp and resp[id], 'no textDocument/inlineCompletion response within ' .. timeout
      .. ' ms for ' .. case.file)
    check(not resp[id].err, 'inlineCompletion error for ' .. case.file .. ': '
      .. vim.inspect(resp[id].err))
    local answer = resp[id].result
    local items = {}
    if answer ~= nil and answer ~= vim.NIL then
      items = answer.items or answer
    end
    result.inline_items = #items
    local first = items[1]
    if first then
      local text = first.insertText
      if type(text) == 'table' then
        text = text.value -- a StringValue (snippet)
      end
      result.insert_text = text
      result.inline_range = first.range
    end
    out(string.format('hpcls-ai: %s inlineCompletion %d ms, %d item(s): %s', case.file,
      result.inline_ms, #items, vim.inspect(result.insert_text)))

    -- 2. The completion fallback item in Neovim's completion popup.
    vim.lsp.completion.enable(true, id, bufnr)
    result.omnifunc = vim.bo[bufnr].omnifunc
    local replies = completion_replies
    local line_before = vim.api.nvim_buf_get_lines(bufnr, case.line, case.line + 1, false)[1]
    local reply_seen_at
    started = vim.uv.hrtime()
    feed('A<C-x><C-o>')
    result.popup_waited = main_loop_until(function()
      if #vim.fn.complete_info({ 'items' }).items > 0 then
        return true
      end
      -- A reply with no items leaves no popup: give its handler a moment, then stop.
      if completion_replies > replies then
        reply_seen_at = reply_seen_at or vim.uv.hrtime()
        return vim.uv.hrtime() - reply_seen_at > 300e6
      end
      return exited ~= nil
    end, timeout)
    result.popup_ms = math.floor((vim.uv.hrtime() - started) / 1e6)
    result.completion_replies = completion_replies - replies
    result.mode = vim.api.nvim_get_mode().mode
    local info = vim.fn.complete_info({ 'items', 'pum_visible', 'mode' })
    result.pum_visible = info.pum_visible
    result.complete_mode = info.mode
    result.popup = {}
    local ai_index
    for i, it in ipairs(info.items) do
      local lsp_item = vim.tbl_get(it, 'user_data', 'nvim', 'lsp', 'completion_item') or {}
      table.insert(result.popup, {
        word = it.word,
        abbr = it.abbr,
        kind = it.kind,
        menu = it.menu,
        label_details = lsp_item.labelDetails,
        text_edit = lsp_item.textEdit,
        filter_text = lsp_item.filterText,
        detail = lsp_item.detail,
      })
      if not ai_index and it.menu == DETAIL then
        ai_index = i - 1
      end
    end
    out(string.format('hpcls-ai: %s completion popup %d ms, %d item(s): %s', case.file,
      result.popup_ms, #info.items, vim.inspect(vim.tbl_map(function(p)
        return { p.word, p.menu }
      end, result.popup))))
    if ai_index then
      -- Accept it, as CTRL-Y would: CompleteDone runs vim.lsp.completion's accept step.
      vim.api.nvim_select_popupmenu_item(ai_index, true, true, {})
    end
    feed('<Esc>')
    check(main_loop_until(function()
      return vim.api.nvim_get_mode().mode == 'n'
    end, timeout), 'still in mode ' .. vim.api.nvim_get_mode().mode .. ' after <Esc>')
    result.accepted_line = vim.api.nvim_buf_get_lines(bufnr, case.line, case.line + 1, false)[1]
    if result.accepted_line ~= line_before then
      vim.api.nvim_buf_set_lines(bufnr, case.line, case.line + 1, false, { line_before })
    end
    check(buffer_text(bufnr) == before, 'the buffer of ' .. case.file .. ' was not restored')

    -- 1b. Apply the inline item at the cursor; pytest parse-checks before against after.
    write_text(case.out_before, before)
    if result.insert_text then
      local lines = vim.split(result.insert_text, '\n', { plain = true })
      vim.api.nvim_buf_set_text(bufnr, case.line, case.character, case.line, case.character,
        lines)
      write_text(case.out_after, buffer_text(bufnr))
    end
  end

  local model = progress_titled(AI_TITLE)
  check(model and model.end_ms, 'no $/progress titled ' .. vim.inspect(AI_TITLE)
    .. ' that ended: ' .. vim.inspect(progress))
  local timings = {}
  for _, r in ipairs(results) do
    timings[r.file] = { inline_ms = r.inline_ms, popup_ms = r.popup_ms }
  end
  out('hpcls-ai: timings ' .. vim.inspect(timings))
  local progress_list = {}
  for token, p in pairs(progress) do
    table.insert(progress_list, vim.tbl_extend('force', { token = token }, p))
  end
  return {
    client = 'neovim ' .. tostring(vim.version()),
    server = client.server_info and client.server_info.name or '?',
    announces_inline_completion = vim.tbl_get(vim.lsp.protocol.make_client_capabilities(),
      'textDocument', 'inlineCompletion') ~= nil,
    progress = progress_list,
    cases = results,
    total_ms = math.floor(now_ms()),
  }
end

co = coroutine.create(function()
  local ok, res = xpcall(run, function(e)
    if type(e) == 'table' and e.e2e then
      return e.e2e
    end
    return debug.traceback(tostring(e), 2)
  end)
  finish(ok, res)
end)
local resumed, err = coroutine.resume(co)
if not resumed then
  out('HPCLS-E2E-FAIL coroutine: ' .. tostring(err))
  vim.cmd('cquit! 1')
end
