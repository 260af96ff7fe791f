(require 'eglot)
(dolist (mode '(f90-mode fortran-mode c-mode c++-mode))
  (add-to-list 'eglot-server-programs `(,mode . ("hpcls" "serve")))
  (add-hook (intern (format "%s-hook" mode)) #'eglot-ensure))
;; CUDA: Emacs has no mode for .cu files; a mode derived from c++-mode sends "cuda".
(define-derived-mode hpcls-cuda-mode c++-mode "CUDA")
(add-to-list 'auto-mode-alist '("\\.cuh?\\'" . hpcls-cuda-mode))
(add-to-list 'eglot-server-programs
             '((hpcls-cuda-mode :language-id "cuda") . ("hpcls" "serve")))
