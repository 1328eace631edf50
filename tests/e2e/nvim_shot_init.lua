-- Neovim set-up for the screenshots of nvim_shot.mjs (Neovim 0.7 APIs): `claimgraph lsp` for
-- claims.yaml, diagnostics as virtual text, and two steps the script triggers by name.
vim.o.number = true
vim.o.termguicolors = false
vim.o.laststatus = 2
vim.o.shortmess = vim.o.shortmess .. 'I'
vim.diagnostic.config({ virtual_text = true, signs = true, underline = true })
-- 0.7's default float is the pop-up menu's pink: a dark one reads better in a screenshot.
vim.cmd('highlight NormalFloat ctermbg=236 ctermfg=252')
vim.cmd('highlight SignColumn ctermbg=NONE')

local bin = os.getenv('CLAIMGRAPH_BIN') or 'claimgraph'
vim.api.nvim_create_autocmd('BufReadPost', {
  pattern = 'claims.yaml',
  callback = function(args)
    local id = vim.lsp.start_client({
      name = 'claimgraph',
      cmd = { bin, 'lsp' },
      root_dir = vim.fn.getcwd(),
      on_init = function() vim.schedule(function() vim.o.statusline = ' claims.yaml  [lsp ready]' end) end,
    })
    vim.lsp.buf_attach_client(args.buf, id)
  end,
})

-- Misspells the first `supports: [engagement-over-isolation]` and puts that line mid-screen.
function ShotTypo()
  for i, line in ipairs(vim.api.nvim_buf_get_lines(0, 0, -1, false)) do
    local s = line:find('engagement-over-isolation', 1, true)
    if s and line:find('supports', 1, true) then
      vim.api.nvim_buf_set_text(0, i - 1, s - 1, i - 1, s - 1 + #'engagement-over-isolation', { 'engagement-over-isolatoin' })
      vim.api.nvim_win_set_cursor(0, { i, s })
      vim.cmd('normal! zz')
      return
    end
  end
end

-- Hovers the id of `pressure-changes-taliban` at its definition.
function ShotHover()
  for i, line in ipairs(vim.api.nvim_buf_get_lines(0, 0, -1, false)) do
    local s = line:find('id: pressure-changes-taliban', 1, true)
    if s then
      vim.api.nvim_win_set_cursor(0, { i, s + 5 })
      vim.cmd('normal! zt')
      vim.lsp.buf.hover()
      return
    end
  end
end
