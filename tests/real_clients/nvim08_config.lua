vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'fortran', 'c', 'cpp', 'cuda' },
  callback = function(args)
    local marker = vim.fs.find({ '.hpcls.toml', '.git' },
      { upward = true, path = vim.fs.dirname(vim.api.nvim_buf_get_name(args.buf)) })[1]
    vim.lsp.start({            -- reuses the running client for the same root
      name = 'hpcls',
      cmd = { 'hpcls', 'serve' },
      root_dir = marker and vim.fs.dirname(marker) or vim.fn.getcwd(),
    })
  end,
})
