;;; eglot_check.el --- End-to-end check of hpcls from Emacs + Eglot, in batch -*- lexical-binding: t -*-

;; Run by tests/test_real_clients.py as:
;;   emacs --batch -Q -l eglot_check.el
;; with the environment:
;;   HPCLS_WS          a private copy of tests/workspace
;;   HPCLS_PYTHON      the Python that has hpcls installed
;;   HPCLS_LOG         (optional) a file for the server's debug log
;;   HPCLS_TIMEOUT_S   (optional) the deadline for each wait, default 20
;;   HPCLS_EMACS_DIR   (optional) a scratch `user-emacs-directory'
;; Tested with Emacs 28.2 and Debian's elpa-eglot 1.9.  The last line printed is
;; `HPCLS-E2E-OK {json}' (exit 0) or `HPCLS-E2E-FAIL reason' (exit 1).
;;
;; Batch-mode quirks (see shared/notes/real-clients.md): idle timers never fire, so
;; didChange is sent explicitly and `flymake-start' is called by hand; every wait is an
;; `accept-process-output' loop with a deadline.

;;; Code:

(require 'cl-lib)
(require 'subr-x)

(defvar hpcls-ws (file-name-as-directory
                  (expand-file-name (or (getenv "HPCLS_WS") (error "HPCLS_WS is not set")))))
(defvar hpcls-python (or (getenv "HPCLS_PYTHON") "python3"))
(defvar hpcls-log (getenv "HPCLS_LOG"))
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

;; Under -Q the Debian elpa-* packages are found only through package.el.
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
  (and hpcls-server (not (jsonrpc-running-p hpcls-server))))

(defun hpcls-wait (what pred)
  "Wait for PRED with `accept-process-output' until `hpcls-timeout'; fail naming WHAT."
  (let ((deadline (+ (float-time) hpcls-timeout)) value)
    (while (and (not (setq value (funcall pred)))
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

;; The workspace copy is the project, whatever VCS may be above it.
(add-hook 'project-find-functions
          (lambda (dir)
            (when (file-in-directory-p dir hpcls-ws) (cons 'transient hpcls-ws))))

(defvar hpcls-command
  `(,hpcls-python "-m" "hpcls" "serve"
                  ,@(when (and hpcls-log (not (string-empty-p hpcls-log)))
                      (list "--log-file" hpcls-log "--log-level" "debug"))))
;; One entry per major mode, as the README advises: Eglot 1.9 sends a single languageId
;; per server, so a shared entry would send `f90' for C buffers too.
(dolist (mode '(f90-mode fortran-mode c-mode c++-mode))
  (add-to-list 'eglot-server-programs (cons mode hpcls-command)))
(setq eglot-sync-connect t
      eglot-connect-timeout hpcls-timeout
      eglot-autoshutdown nil
      jsonrpc-default-request-timeout hpcls-timeout)

(defun hpcls-request (method params)
  (jsonrpc-request hpcls-server method params :timeout hpcls-timeout))

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

(defun hpcls-run ()
  ;; 1. Start hpcls through Eglot for solver.f90.
  (find-file (expand-file-name "solver.f90" hpcls-ws))
  (unless (memq major-mode '(f90-mode fortran-mode))
    (hpcls-fail "solver.f90 opened in %s" major-mode))
  (apply #'eglot (eglot--guess-contact))
  (hpcls-wait "Eglot-managed buffer"
              (lambda () (and (eglot-current-server) eglot--managed-mode)))
  (setq hpcls-server (eglot-current-server))
  (hpcls-mark "initialized_ms")
  (let ((server-name (plist-get (eglot--server-info hpcls-server) :name))
        (language-id (eglot--language-id hpcls-server))
        symbols program children diagnostic definition)
    ;; 2. Document symbols: program solver with child report.
    (setq symbols (append (hpcls-request :textDocument/documentSymbol
                                         `(:textDocument ,(eglot--TextDocumentIdentifier)))
                          nil))
    (setq program (cl-find "solver" symbols
                           :key (lambda (s) (plist-get s :name)) :test #'equal))
    (unless program
      (hpcls-fail "no symbol `solver' among %S" (mapcar (lambda (s) (plist-get s :name)) symbols)))
    (setq children (mapcar (lambda (s) (plist-get s :name))
                           (append (plist-get program :children) nil)))
    (unless (member "report" children)
      (hpcls-fail "program `solver' has no child `report': %S" children))
    (hpcls-mark "symbols_ms")

    ;; 3. A syntax error through Flymake: `x = (1 + 2' (an unclosed parenthesis) after
    ;;    `total = 0.0_dp'; then remove it and wait for the diagnostic to go.
    (hpcls-wait "publishDiagnostics for the opened solver.f90"
                (lambda () (> hpcls-published 0)))
    (flymake-start)
    (when (hpcls-syntax-errors)
      (hpcls-fail "syntax/error on the clean solver.f90: %S"
                  (mapcar #'flymake-diagnostic-text (hpcls-syntax-errors))))
    (goto-char (point-min))
    (unless (re-search-forward "^ *total = 0\\.0_dp$" nil t)
      (hpcls-fail "line `total = 0.0_dp' not found"))
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

    ;; 4. Go to definition on `area' in `total = total + area(pi * step)', through xref.
    (goto-char (point-min))
    (unless (search-forward "area(pi * step)" nil t)
      (hpcls-fail "line with `area(pi * step)' not found"))
    (goto-char (1+ (match-beginning 0)))
    (let* ((xrefs (xref-backend-definitions 'eglot (xref-backend-identifier-at-point 'eglot)))
           (loc (and xrefs (xref-item-location (car xrefs))))
           (file (and loc (xref-location-group loc)))
           (line (and loc (xref-location-line loc))))
      (unless xrefs
        (hpcls-fail "definition returned no location"))
      (unless (equal (file-name-nondirectory file) "constants.f90")
        (hpcls-fail "definition points to %s" file))
      (unless (eql line 8)
        (hpcls-fail "definition points to line %s of constants.f90, want 8" line))
      (setq definition `((file . ,(file-name-nondirectory file)) (line . ,line)
                         (locations . ,(length xrefs)))))
    (hpcls-mark "definition_ms")

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
  (when (and hpcls-server (jsonrpc-running-p hpcls-server))
    (ignore-errors (eglot-shutdown hpcls-server nil 5)))
  (kill-emacs (if (car result) 0 1)))

;;; eglot_check.el ends here
