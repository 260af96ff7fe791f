;;; eglot_check.el --- End-to-end check of hpcls from Emacs + Eglot, in batch -*- lexical-binding: t -*-

;; Run by tests/test_real_clients.py as:
;;   emacs --batch -Q -l eglot_check.el
;; with the environment:
;;   HPCLS_WS            a private copy of the repository's examples/ folder (the project root)
;;   HPCLS_EMACS_CONFIG  (optional) the user configuration to load, default eglot_config.el
;;                       beside this file: the elisp block of docs/editors.md, verbatim
;;                       (test_doc_snippets_match); it runs `hpcls serve', so `hpcls' must
;;                       be on PATH
;;   HPCLS_TIMEOUT_S     (optional) the deadline for each wait, default 20
;;   HPCLS_EMACS_DIR     (optional) a scratch `user-emacs-directory'
;; This script never starts a server itself: the configuration's `eglot-ensure' hooks do,
;; when a file is visited.  Tested with Emacs 28.2 and Debian's elpa-eglot 1.9.  The last
;; line printed is `HPCLS-E2E-OK {json}' (exit 0) or `HPCLS-E2E-FAIL reason' (exit 1).
;;
;; Batch-mode quirks (see shared/notes/real-clients.md): there is no command loop, so
;; post-command-hook and idle timers never run: what `eglot-ensure' leaves on
;; post-command-hook is run by hand (`hpcls-visit'), didChange is sent explicitly and
;; `flymake-start' is called by hand; every wait is an `accept-process-output' loop with a
;; deadline that also drains jsonrpc's buffer (see `hpcls-drain').

;;; Code:

(require 'cl-lib)
(require 'subr-x)

(defvar hpcls-ws (file-name-as-directory
                  (expand-file-name (or (getenv "HPCLS_WS") (error "HPCLS_WS is not set")))))
(defvar hpcls-config
  (let ((env (getenv "HPCLS_EMACS_CONFIG")))
    (if (and env (not (string-empty-p env)))
        (expand-file-name env)
      (expand-file-name "eglot_config.el"
                        (file-name-directory (or load-file-name buffer-file-name))))))
(defvar hpcls-timeout (string-to-number (or (getenv "HPCLS_TIMEOUT_S") "20")))
(defvar hpcls-t0 (float-time))
(defvar hpcls-timings nil)
(defvar hpcls-server nil)
(defvar hpcls-published 0 "How many textDocument/publishDiagnostics arrived.")
(defvar hpcls-log-messages nil "window/logMessage texts from the server.")

;; Keep Emacs's own state out of $HOME.
(setq user-emacs-directory
      (file-name-as-directory
       (or (getenv "HPCLS_EMACS_DIR") (make-temp-file "hpcls-emacs" t))))
(setq package-user-dir (expand-file-name "elpa" user-emacs-directory))
;; No lock, backup or auto-save files in the workspace: the server would index them.
(setq create-lockfiles nil
      make-backup-files nil
      auto-save-default nil)

;; Under -Q the Debian elpa-* packages are found only through package.el (a normal
;; start runs `package-initialize' before init.el, where the user's configuration is).
(require 'package)
(setq package-directory-list
      (append (cl-remove-if-not #'file-directory-p
                                '("/usr/share/emacs/site-lisp/elpa"
                                  "/usr/share/emacs/site-lisp/elpa-src"))
              package-directory-list))
(package-initialize)
(require 'eglot)
(require 'flymake)
(require 'xref)
(require 'json)

(defun hpcls-out (line)
  (princ (concat line "\n")))

(defun hpcls-ms ()
  (round (* 1000 (- (float-time) hpcls-t0))))

(defun hpcls-mark (name)
  (push (cons name (hpcls-ms)) hpcls-timings))

(define-error 'hpcls-check-failed "hpcls e2e check failed")

(defun hpcls-fail (fmt &rest args)
  (signal 'hpcls-check-failed (list (apply #'format fmt args))))

(defun hpcls-server-dead-p ()
  "Whether a server Eglot started has exited (or failed to start)."
  (cl-some (lambda (server) (not (jsonrpc-running-p server))) (hpcls-servers)))

(defun hpcls-servers ()
  "Every Eglot server started so far (one per major-mode entry)."
  (cl-remove-duplicates (apply #'append (hash-table-values eglot--servers-by-project))))

(defun hpcls-drain ()
  "Read messages that jsonrpc left unread in its process buffers.
In Emacs 28's jsonrpc, the reply to a synchronous `jsonrpc-request' throws out of the
process filter, so messages that came in the same chunk after it (publishDiagnostics,
workspace/configuration) wait for the next output, which may never come.  Feeding the
filter an empty string makes it read them."
  (dolist (server (hpcls-servers))
    (let ((proc (jsonrpc--process server)))
      (when (process-live-p proc)
        (jsonrpc--process-filter proc "")))))

(defun hpcls-wait (what pred)
  "Wait for PRED with `accept-process-output' until `hpcls-timeout'; fail naming WHAT."
  (let ((deadline (+ (float-time) hpcls-timeout)) value)
    (while (and (progn (hpcls-drain) (not (setq value (funcall pred))))
                (not (hpcls-server-dead-p))
                (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (cond (value value)
          ((hpcls-server-dead-p) (hpcls-fail "server died while waiting for %s" what))
          (t (hpcls-fail "no %s within %s s" what hpcls-timeout)))))

;; Count publishDiagnostics and keep the server's log messages (Eglot 1.9 drops them).
(advice-add 'eglot-handle-notification :after
            (lambda (_server method &rest params)
              (pcase method
                ('textDocument/publishDiagnostics (cl-incf hpcls-published))
                ('window/logMessage (push (plist-get params :message) hpcls-log-messages)))))

;; The workspace copy is the project, whatever VCS may be above it (a user's project is
;; usually found through its VCS; this copy has none).
(add-hook 'project-find-functions
          (lambda (dir)
            (when (file-in-directory-p dir hpcls-ws) (cons 'transient hpcls-ws))))

;; The user's configuration, as docs/editors.md shows it: Eglot's own settings
;; (`eglot-sync-connect', timeouts) stay at their defaults.
(unless (file-readable-p hpcls-config)
  (error "No configuration %s" hpcls-config))
(load hpcls-config nil t t)

(defun hpcls-request (method params)
  "Send METHOD with PARAMS to the server that manages this buffer; wait for the answer."
  (jsonrpc-request (eglot-current-server) method params :timeout hpcls-timeout))

(defun hpcls-syntax-errors ()
  "Flymake's diagnostics in this buffer that came from hpcls with code syntax/error."
  (cl-remove-if-not
   (lambda (d)
     (let ((lsp (alist-get 'eglot-lsp-diag (flymake-diagnostic-data d))))
       (and (equal (plist-get lsp :source) "hpcls")
            (equal (plist-get lsp :code) "syntax/error"))))
   (flymake-diagnostics)))

(defun hpcls-sync ()
  "Send pending changes now (Eglot sends them from an idle timer) and restart Flymake."
  (eglot--signal-textDocument/didChange)
  (flymake-start))

(defun hpcls-visit (file modes)
  "Visit FILE (relative to the workspace), as `find-file' does, in one of MODES.
Return the Eglot server that the configuration's hooks started (or reused) for it."
  (find-file (expand-file-name file hpcls-ws))
  (unless (memq major-mode modes)
    (hpcls-fail "%s opened in %s, want %s" file major-mode modes))
  ;; The mode hook ran `eglot-ensure', which (Eglot 1.9) only adds a function to the
  ;; global post-command-hook: it connects after the command that visited the file.  In
  ;; batch there is no command loop, so nothing would ever run it; run the hook here, as
  ;; the command loop does after `find-file'.  Eglot itself is started by nothing else.
  (unless post-command-hook
    (hpcls-fail "visiting %s scheduled nothing on post-command-hook (no eglot-ensure on %s-hook?)"
                file major-mode))
  (run-hooks 'post-command-hook)
  (hpcls-wait (format "Eglot-managed buffer for %s" file)
              (lambda () (and eglot--managed-mode (eglot-current-server))))
  (eglot-current-server))

(defun hpcls-symbols ()
  "The names of textDocument/documentSymbol's top-level symbols for this buffer, and the symbols."
  (let ((symbols (append (hpcls-request :textDocument/documentSymbol
                                        `(:textDocument ,(eglot--TextDocumentIdentifier)))
                         nil)))
    (cons (mapcar (lambda (s) (plist-get s :name)) symbols) symbols)))

(defun hpcls-line-of (file regexp)
  "The 1-based number of the first line of FILE (relative to the workspace) matching REGEXP."
  (with-temp-buffer
    (insert-file-contents (expand-file-name file hpcls-ws))
    (goto-char (point-min))
    (and (re-search-forward regexp nil t) (line-number-at-pos))))

(defun hpcls-run ()
  ;; 1. Visiting heat/heat_solver.f90 starts hpcls (the f90-mode server entry).
  (setq hpcls-server (hpcls-visit "heat/heat_solver.f90" '(f90-mode fortran-mode)))
  (hpcls-mark "initialized_ms")
  (let ((server-name (plist-get (eglot--server-info hpcls-server) :name))
        (language-id (eglot--language-id hpcls-server))
        symbols program children diagnostic definition c-server c-symbols
        cuda-server cuda-symbols)
    ;; 2. Document symbols: program heat_solver with its contained procedures.
    (setq symbols (cdr (hpcls-symbols)))
    (setq program (cl-find "heat_solver" symbols
                           :key (lambda (s) (plist-get s :name)) :test #'equal))
    (unless program
      (hpcls-fail "no symbol `heat_solver' among %S"
                  (mapcar (lambda (s) (plist-get s :name)) symbols)))
    (setq children (mapcar (lambda (s) (plist-get s :name))
                           (append (plist-get program :children) nil)))
    (dolist (want '("parse_command_line" "setup_decomposition" "print_summary"))
      (unless (member want children)
        (hpcls-fail "program `heat_solver' has no child `%s': %S" want children)))
    (hpcls-mark "symbols_ms")

    ;; 3. A syntax error through Flymake: `x = (1 + 2' (an unclosed parenthesis) after
    ;;    `call halo_setup(g)'; then remove it and wait for the diagnostic to go.
    (hpcls-wait "publishDiagnostics for the opened heat/heat_solver.f90"
                (lambda () (> hpcls-published 0)))
    (flymake-start)
    (when (hpcls-syntax-errors)
      (hpcls-fail "syntax/error on the clean heat/heat_solver.f90: %S"
                  (mapcar #'flymake-diagnostic-text (hpcls-syntax-errors))))
    (goto-char (point-min))
    (unless (re-search-forward "^ *call halo_setup(.*$" nil t)
      (hpcls-fail "line `call halo_setup(' not found"))
    (insert "\n  x = (1 + 2")
    (let ((bad-line (line-number-at-pos)))
      (hpcls-sync)
      (let* ((d (car (hpcls-wait "hpcls syntax/error diagnostic in Flymake"
                                 #'hpcls-syntax-errors)))
             (lsp (alist-get 'eglot-lsp-diag (flymake-diagnostic-data d)))
             (range (plist-get lsp :range))
             (first (1+ (plist-get (plist-get range :start) :line)))
             (last (1+ (plist-get (plist-get range :end) :line)))
             (flymake-line (line-number-at-pos (flymake-diagnostic-beg d))))
        (unless (and (<= first bad-line) (>= last bad-line) (= flymake-line bad-line))
          (hpcls-fail "syntax/error at lines %d-%d (Flymake line %d: %s) does not cover the inserted line %d"
                      first last flymake-line (flymake-diagnostic-text d) bad-line))
        (setq diagnostic `((line . ,flymake-line)
                           (message . ,(plist-get lsp :message))
                           (flymake_type . ,(symbol-name (flymake-diagnostic-type d)))
                           (flymake_text . ,(flymake-diagnostic-text d)))))
      (hpcls-mark "syntax_error_ms")
      (goto-char (point-min))
      (forward-line (1- bad-line))
      (delete-region (1- (line-beginning-position)) (line-end-position))
      (hpcls-sync)
      (hpcls-wait "the syntax/error to clear after the bad line was removed"
                  (lambda () (null (hpcls-syntax-errors))))
      (hpcls-mark "syntax_cleared_ms"))

    ;; 4. Go to definition on `halo_setup' in `call halo_setup(g)', through xref: it is
    ;;    heat/heat_halo.f90, on the line of `subroutine halo_setup' (found in its text).
    (let ((def-line (hpcls-line-of "heat/heat_halo.f90"
                                   "^[ \t]*subroutine[ \t]+halo_setup\\_>")))
      (unless def-line
        (hpcls-fail "`subroutine halo_setup' not found in heat/heat_halo.f90"))
      (goto-char (point-min))
      (unless (re-search-forward "^[ \t]*call[ \t]+\\(halo_setup\\)(" nil t)
        (hpcls-fail "line with `call halo_setup(' not found"))
      (goto-char (1+ (match-beginning 1)))
      (let* ((xrefs (xref-backend-definitions 'eglot (xref-backend-identifier-at-point 'eglot)))
             (loc (and xrefs (xref-item-location (car xrefs))))
             (file (and loc (xref-location-group loc)))
             (rel (and file (file-relative-name (file-truename file)
                                                (file-truename hpcls-ws))))
             (line (and loc (xref-location-line loc))))
        (unless xrefs
          (hpcls-fail "definition returned no location"))
        (unless (equal rel "heat/heat_halo.f90")
          (hpcls-fail "definition points to %s, want heat/heat_halo.f90" file))
        (unless (eql line def-line)
          (hpcls-fail "definition points to line %s of heat/heat_halo.f90, want %s"
                      line def-line))
        (setq definition `((file . ,rel) (line . ,line) (locations . ,(length xrefs))))))
    (hpcls-mark "definition_ms")

    ;; 5. A second language: jacobi/jacobi.c goes to the c-mode server entry (its own
    ;;    hpcls process, languageId `c'); its symbols include jacobi_solve and main.
    (setq c-server (hpcls-visit "jacobi/jacobi.c" '(c-mode)))
    (when (eq c-server hpcls-server)
      (hpcls-fail "jacobi/jacobi.c is managed by the f90-mode server"))
    (setq c-symbols (car (hpcls-symbols)))
    (dolist (want '("jacobi_solve" "main"))
      (unless (member want c-symbols)
        (hpcls-fail "no symbol `%s' in jacobi/jacobi.c among %S" want c-symbols)))
    (hpcls-mark "c_symbols_ms")

    ;; 6. CUDA: cuda/saxpy_reduce.cu opens in the configuration's hpcls-cuda-mode, whose
    ;;    entry (its own hpcls process) sends languageId `cuda'; its symbols include the
    ;;    kernels.
    (setq cuda-server (hpcls-visit "cuda/saxpy_reduce.cu" '(hpcls-cuda-mode)))
    (when (memq cuda-server (list hpcls-server c-server))
      (hpcls-fail "cuda/saxpy_reduce.cu is managed by the Fortran or C server"))
    (setq cuda-symbols (car (hpcls-symbols)))
    (dolist (want '("saxpy" "block_reduce_sum"))
      (unless (member want cuda-symbols)
        (hpcls-fail "no symbol `%s' in cuda/saxpy_reduce.cu among %S" want cuda-symbols)))
    (hpcls-mark "cuda_symbols_ms")

    `((client . ,(format "emacs %s eglot %s" emacs-version
                         (or (ignore-errors
                               (package-version-join
                                (package-desc-version (cadr (assq 'eglot package-alist)))))
                             "?")))
      (server . ,server-name)
      (language_id . ,language-id)
      (symbols . ,(vconcat (mapcar (lambda (s) (plist-get s :name)) symbols)))
      (program_children . ,(vconcat children))
      (syntax_error . ,diagnostic)
      (definition . ,definition)
      (c_language_id . ,(eglot--language-id c-server))
      (c_symbols . ,(vconcat c-symbols))
      (cuda_major_mode . ,(symbol-name major-mode))
      (cuda_language_id . ,(eglot--language-id cuda-server))
      (cuda_symbols . ,(vconcat cuda-symbols))
      (servers . ,(length (hpcls-servers)))
      (server_command . ,(vconcat (process-command (jsonrpc--process hpcls-server))))
      (server_log . ,(vconcat (reverse hpcls-log-messages)))
      (timings_ms . ,(reverse hpcls-timings)))))

(defun hpcls-dump-server-output ()
  "On failure: the server's stderr and the tail of Eglot's events buffer."
  (dolist (buf (buffer-list))
    (let ((name (buffer-name buf)))
      ;; jsonrpc renames the stderr buffer to a hidden one (a leading space).
      (when (string-match-p "\\` ?\\*EGLOT.*\\(stderr\\|events\\)\\*\\'" name)
        (with-current-buffer buf
          (unless (= (buffer-size) 0)
            (hpcls-out (format "--- %s (tail) ---\n%s" (string-trim name)
                               (buffer-substring-no-properties
                                (max (point-min) (- (point-max) 6000)) (point-max))))))))))

(let ((result (condition-case err
                  (cons t (hpcls-run))
                (hpcls-check-failed (cons nil (cadr err)))
                (error (cons nil (format "%s" (error-message-string err)))))))
  (unless (car result)
    (hpcls-dump-server-output))
  (hpcls-out (if (car result)
                 (concat "HPCLS-E2E-OK " (json-encode (cdr result)))
               (concat "HPCLS-E2E-FAIL " (cdr result))))
  (dolist (server (hpcls-servers))
    (when (jsonrpc-running-p server)
      (ignore-errors (eglot-shutdown server nil 5))))
  (kill-emacs (if (car result) 0 1)))

;;; eglot_check.el ends here
