local hpcls_clients = {}
vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'fortran', 'c', 'cpp', 'cuda' },
  callback = function(args)
    local root = vim.fn.getcwd()
    local id = hpcls_clients[root]
    if id == nil or vim.lsp.client_is_stopped(id) then
      id = vim.lsp.start_client({ name = 'hpcls', cmd = { 'hpcls', 'serve' }, root_dir = root })
      hpcls_clients[root] = id
    end
    if id then vim.lsp.buf_attach_client(args.buf, id) end
  end,
})
