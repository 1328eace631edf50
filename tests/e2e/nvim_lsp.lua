-- The language server in a real editor: Neovim's built-in LSP client (0.7 and later), headless.
--
--   CLAIMGRAPH_BIN=target/debug/claimgraph CLAIMGRAPH_NVIM_MAP=/tmp/x/claims.yaml \
--   CLAIMGRAPH_NVIM_OUT=/tmp/x/results.json nvim --headless -u NONE -i NONE -n -c 'luafile tests/e2e/nvim_lsp.lua'
--
-- Opens the map, waits for the server's diagnostics, misspells a reference and waits for the
-- error, hovers a claim id, jumps from a reference to its claim, and applies the code action
-- that mends the misspelling. Each step is recorded in CLAIMGRAPH_NVIM_OUT as
-- {name, ok, detail}; tests/cli/nvim.rs asserts them. Uses only APIs Neovim 0.7 has (Debian
-- bookworm's), so `vim.lsp.start_client` rather than 0.8's `vim.lsp.start`.

local out = assert(os.getenv('CLAIMGRAPH_NVIM_OUT'), 'CLAIMGRAPH_NVIM_OUT')
local bin = assert(os.getenv('CLAIMGRAPH_BIN'), 'CLAIMGRAPH_BIN')
local map = assert(os.getenv('CLAIMGRAPH_NVIM_MAP'), 'CLAIMGRAPH_NVIM_MAP')
local results = {}

local function record(name, ok, detail)
  table.insert(results, { name = name, ok = ok and true or false, detail = detail or '' })
end

local function finish()
  local file = assert(io.open(out, 'w'))
  file:write(vim.fn.json_encode(results))
  file:close()
  vim.cmd('qa!')
end

-- Every publishDiagnostics is counted, so "published, and empty" can be told from "not yet".
local published = 0
local default_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  published = published + 1
  return default_publish(err, result, ctx, config)
end

local function codes(buf)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    found[#found + 1] = tostring(d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code))
  end
  return found
end

local function has_code(buf, code)
  for _, c in ipairs(codes(buf)) do
    if c == code then return true end
  end
  return false
end

-- The first line matching `pattern` (1-based) and the byte column of `needle` in it (0-based).
local function find(buf, pattern, needle)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    if line:find(pattern) then
      local col = line:find(needle, 1, true)
      if col then return i, col - 1 end
    end
  end
end

local function position_params(buf, line, col)
  vim.api.nvim_win_set_cursor(0, { line, col })
  return vim.lsp.util.make_position_params()
end

local function first_result(responses)
  for _, response in pairs(responses or {}) do
    if response.result then return response.result end
  end
end

local function run()
  vim.cmd('edit ' .. vim.fn.fnameescape(map))
  local buf = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = 'claimgraph',
    cmd = { bin, 'lsp' },
    root_dir = vim.fn.fnamemodify(map, ':h'),
  })
  record('started', client_id ~= nil)
  if not client_id then return end
  vim.lsp.buf_attach_client(buf, client_id)

  local ok = vim.wait(20000, function() return published > 0 end, 50)
  record('diagnostics published on open', ok, table.concat(codes(buf), ','))
  record('the own map has no errors', ok and not has_code(buf, 'unknown-claim'), table.concat(codes(buf), ','))

  -- A misspelt reference: the first `- engagement-over-isolation` entry of a supports list.
  local line, col = find(buf, '^%s+supports:', 'engagement-over-isolation')
  if not line then
    line, col = find(buf, '^%s+%- engagement%-over%-isolation', 'engagement-over-isolation')
  end
  record('a reference to misspell', line ~= nil)
  if not line then return end
  local before = published
  vim.api.nvim_buf_set_text(buf, line - 1, col, line - 1, col + #'engagement-over-isolation', { 'engagement-over-isolatoin' })
  ok = vim.wait(20000, function() return published > before and has_code(buf, 'unknown-claim') end, 50)
  record('the misspelling is an unknown-claim error', ok, table.concat(codes(buf), ','))

  -- Hover on a claim's id at its definition.
  local id_line, id_col = find(buf, '^%s*%- id: pressure%-changes%-taliban', 'pressure-changes-taliban')
  local hover = first_result(vim.lsp.buf_request_sync(buf, 'textDocument/hover', position_params(buf, id_line, id_col + 2), 10000))
  local hover_text = hover and hover.contents and (hover.contents.value or vim.inspect(hover.contents)) or ''
  record('hover shows the claim text', hover_text:find('Pressure and leverage', 1, true) ~= nil, hover_text:sub(1, 300))

  -- Go to definition from a reference to `pressure-changes-taliban` in some supports/contradicts list.
  local ref_line, ref_col
  for i, text in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    if i ~= id_line and not text:find('id:', 1, true) then
      local c = text:find('pressure-changes-taliban', 1, true)
      if c then ref_line, ref_col = i, c - 1 break end
    end
  end
  local definition = first_result(vim.lsp.buf_request_sync(buf, 'textDocument/definition', position_params(buf, ref_line, ref_col + 2), 10000))
  local location = definition and (definition[1] or definition)
  if location then vim.lsp.util.jump_to_location(location, 'utf-16') end
  local cursor = vim.api.nvim_win_get_cursor(0)
  record('definition jumps to the claim', cursor[1] == id_line, 'from line ' .. tostring(ref_line) .. ' to ' .. cursor[1] .. ', claim at ' .. tostring(id_line))

  -- The code action that writes the closest id.
  vim.api.nvim_win_set_cursor(0, { line, col + 2 })
  local params = vim.lsp.util.make_range_params()
  params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf, line - 1) }
  local actions = first_result(vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 10000)) or {}
  local chosen
  for _, action in ipairs(actions) do
    if action.edit and (action.title or ''):find('engagement-over-isolation', 1, true) then chosen = action break end
  end
  record('a code action offers the closest id', chosen ~= nil, vim.inspect(vim.tbl_map(function(a) return a.title end, actions)))
  if not chosen then return end
  before = published
  vim.lsp.util.apply_workspace_edit(chosen.edit, 'utf-16')
  local mended = vim.api.nvim_buf_get_lines(buf, line - 1, line, false)[1]
  record('the action mends the line', mended:find('engagement-over-isolation', 1, true) ~= nil and not mended:find('isolatoin', 1, true), mended)
  ok = vim.wait(20000, function() return published > before and not has_code(buf, 'unknown-claim') end, 50)
  record('the error goes away', ok, table.concat(codes(buf), ','))
end

local ok, err = pcall(run)
if not ok then record('script error', false, tostring(err)) end
finish()
