#!/usr/bin/env node
// End-to-end driver: the hpcls extension in a real VS Code (code-server) in headless Chromium.
//
//   node run.mjs --vsix hpcls-0.1.0.vsix --workspace DIR --artifacts DIR \
//                [--settings settings.json] [--scenarios diagnostic,hover,inline,codeaction,status]
//                [--result result.json] [--timeout 120]
//
// Every option also reads from the environment: HPCLS_E2E_VSIX, HPCLS_E2E_WORKSPACE,
// HPCLS_E2E_ARTIFACTS, HPCLS_E2E_SETTINGS, HPCLS_E2E_SCENARIOS, HPCLS_E2E_RESULT,
// HPCLS_E2E_TIMEOUT (seconds per scenario). The tools (code-server, playwright-core) come
// from setup.sh's prefix, ${HPCLS_E2E_TOOLS:-$HOME/.cache/hpcls-e2e}.
//
// It installs the .vsix into a fresh user-data-dir/extensions-dir, writes the settings into
// User/settings.json, starts code-server on a free port, waits for /healthz, opens the
// workspace in Chromium and runs the scenarios in order, each with its own time limit.
// Writes <artifacts>/result.json ({scenario: {ok, detail, screenshot, screenshots, ms}}),
// PNGs per step, code-server.log and the VS Code logs. Exit status: 0 when every scenario
// passed, 1 when one failed, 2 when the session could not start.
//
// Synchronisation is by DOM conditions (polled selectors with time limits), never fixed sleeps.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

// ------------------------------------------------------------------------------ options
function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const eq = a.indexOf('=');
    if (eq > 0) out[a.slice(2, eq)] = a.slice(eq + 1);
    else out[a.slice(2)] = argv[++i];
  }
  return out;
}
const args = parseArgs(process.argv.slice(2));
const opt = (name, env, dflt) => args[name] ?? process.env[env] ?? dflt;

const TOOLS = opt('tools', 'HPCLS_E2E_TOOLS', path.join(os.homedir(), '.cache', 'hpcls-e2e'));
const VSIX = opt('vsix', 'HPCLS_E2E_VSIX');
const WORKSPACE = opt('workspace', 'HPCLS_E2E_WORKSPACE');
const ARTIFACTS = path.resolve(opt('artifacts', 'HPCLS_E2E_ARTIFACTS', 'e2e-artifacts'));
const SETTINGS = opt('settings', 'HPCLS_E2E_SETTINGS');
const SCENARIOS = opt('scenarios', 'HPCLS_E2E_SCENARIOS', 'status,diagnostic,hover,inline,codeaction')
  .split(',').map((s) => s.trim()).filter(Boolean);
const RESULT = path.resolve(opt('result', 'HPCLS_E2E_RESULT', path.join(ARTIFACTS, 'result.json')));
const SCENARIO_TIMEOUT_MS = 1000 * Number(opt('timeout', 'HPCLS_E2E_TIMEOUT', '120'));
const CHROMIUM = opt('chromium', 'HPCLS_E2E_CHROMIUM', '/usr/bin/chromium');
const HEADED = opt('headed', 'HPCLS_E2E_HEADED', '') !== '';

const CODE_SERVER = path.join(TOOLS, 'node_modules', '.bin', 'code-server');
const T0 = Date.now();
const log = (...a) => console.log(`[e2e +${((Date.now() - T0) / 1000).toFixed(1)}s]`, ...a);

function usage(msg) {
  console.error(`run.mjs: ${msg}\n` +
    'usage: node run.mjs --vsix X.vsix --workspace DIR --artifacts DIR [--settings S.json] ' +
    '[--scenarios a,b] [--result R.json] [--timeout SECONDS]');
  process.exit(2);
}
if (!VSIX || (VSIX !== 'none' && !fs.existsSync(VSIX))) usage(`no .vsix at ${VSIX} (--vsix none: code-server alone)`);
if (!WORKSPACE || !fs.statSync(WORKSPACE, { throwIfNoEntry: false })?.isDirectory()) usage(`no workspace folder ${WORKSPACE}`);
if (!fs.existsSync(CODE_SERVER)) usage(`no code-server at ${CODE_SERVER}: run client-vscode/e2e/setup.sh`);
const workspace = fs.realpathSync(WORKSPACE);

const requireTools = createRequire(path.join(TOOLS, 'package.json'));
const { chromium } = requireTools('playwright-core');

// Settings that keep the workbench quiet and deterministic; the caller's settings win.
const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'files.hotExit': 'off',
  'files.autoSave': 'off',
  'window.restoreWindows': 'none',
  'editor.minimap.enabled': false,
  'editor.hover.delay': 300,
  'editor.inlineSuggest.enabled': true,
  // The suggest widget would take Tab away from the ghost text.
  'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
  'editor.suggestOnTriggerCharacters': false,
  'editor.wordBasedSuggestions': 'off',
  'editor.formatOnType': false,
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
};

// ----------------------------------------------------------------------------- helpers
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Poll fn() until it returns a truthy value; throw `what` after timeoutMs. */
async function until(what, fn, timeoutMs = 15000, everyMs = 150) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) {
      const why = last instanceof Error ? `: ${last.message.split('\n')[0]}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await sleep(everyMs);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function httpOk(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => { req.destroy(); resolve(false); });
  });
}

function withTimeout(promise, ms, what) {
  let t;
  const timer = new Promise((_, rej) => { t = setTimeout(() => rej(new Error(`${what}: time limit of ${ms} ms`)), ms); });
  return Promise.race([promise, timer]).finally(() => clearTimeout(t));
}

function copyDir(src, dst) {
  try { fs.cpSync(src, dst, { recursive: true }); } catch { /* best effort */ }
}

// ------------------------------------------------------------------- session resources
let codeServer = null;
let browser = null;
let cleaned = false;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hpcls-e2e-'));
const userData = path.join(scratch, 'user-data');
const extensionsDir = path.join(scratch, 'extensions');
fs.mkdirSync(ARTIFACTS, { recursive: true });
const csLogPath = path.join(ARTIFACTS, 'code-server.log');

async function cleanup() {
  if (cleaned) return;
  cleaned = true;
  if (browser) {
    await withTimeout(browser.close(), 10000, 'browser.close').catch(() => {});
  }
  if (codeServer && codeServer.exitCode === null && codeServer.signalCode === null) {
    // code-server runs in its own process group: end the group (extension host, hpcls).
    try { process.kill(-codeServer.pid, 'SIGTERM'); } catch { /* gone */ }
  }
  if (codeServer) {
    // Wait for the whole group (code-server, extension host, hpcls) to go; then SIGKILL.
    const groupAlive = () => { try { process.kill(-codeServer.pid, 0); return true; } catch { return false; } };
    const end = Date.now() + 8000;
    while (groupAlive() && Date.now() < end) await sleep(100);
    if (groupAlive()) {
      log('code-server did not stop on SIGTERM: SIGKILL');
      try { process.kill(-codeServer.pid, 'SIGKILL'); } catch { /* gone */ }
    }
  }
  // The VS Code logs (window, extension host, the hpcls output channel) are the first
  // thing to read when a scenario fails.
  copyDir(path.join(userData, 'logs'), path.join(ARTIFACTS, 'vscode-logs'));
  if (!process.env.HPCLS_E2E_KEEP) fs.rmSync(scratch, { recursive: true, force: true });
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => { log(`${sig}: cleaning up`); cleanup().finally(() => process.exit(130)); });
}

// ------------------------------------------------------------------- workbench helpers
class Workbench {
  constructor(page, shots) {
    this.page = page;
    this.shots = shots;
  }

  async shot(name) {
    const file = path.join(ARTIFACTS, `${String(this.shots.n++).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file }).catch((e) => log(`screenshot ${name} failed: ${e.message}`));
    this.shots.current.push(file);
    return file;
  }

  /** The active (visible, focused or last-focused) text editor. */
  editor() {
    return this.page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
  }

  async quickInput(prefixKey, text, rowMatch, what) {
    const { page } = this;
    const widget = page.locator('.quick-input-widget');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    // The input must be visible AND hold the keyboard focus: the widget closes when it loses
    // focus (a late editor focus, a notification), and a key pressed then would go to the
    // editor instead (an Enter there inserts a line break into the document).
    const inputFocused = () => input.evaluate((el) => el === document.activeElement && el.offsetParent !== null)
      .catch(() => false);
    // Open it (again when it closed), fill() and check the value: keystrokes typed while the
    // widget is still settling can get lost. Every Playwright call here has a short limit, so
    // a widget that closes under us is re-opened instead of waited on.
    await until(`${what}: the quick input open, focused and holding ${JSON.stringify(text)}`, async () => {
      if (!(await input.isVisible().catch(() => false))) {
        await page.keyboard.press(prefixKey);
        await input.waitFor({ state: 'visible', timeout: 2000 }).catch(() => {});
        return false;
      }
      if ((await input.inputValue({ timeout: 1000 })) !== text) await input.fill(text, { timeout: 1000 });
      return (await input.inputValue({ timeout: 1000 })) === text && inputFocused();
    }, 15000, 150);
    if (rowMatch) {
      // Wait for the FOCUSED row to match: Enter then acts on the intended item.
      try {
        await until(`${what}: a focused row matching ${rowMatch}`, async () => {
          const t = await page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused').first()
            .textContent({ timeout: 500 }).catch(() => null);
          return t && rowMatch.test(t) && (await input.inputValue({ timeout: 500 })) === text;
        }, 20000);
      } catch (e) {
        const rows = await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').allTextContents().catch(() => []);
        const value = await input.inputValue({ timeout: 500 }).catch(() => '?');
        await page.keyboard.press('Escape');
        throw new Error(`${e.message}; input ${JSON.stringify(value)}, rows ${JSON.stringify(rows.slice(0, 5))}`);
      }
    }
    if (!(await inputFocused())) throw new Error(`${what}: the quick input lost the focus before Enter`);
    await page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden', timeout: 10000 });
  }

  /** Run a command by its palette label (F1). */
  async command(label) {
    const re = new RegExp(label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
    await this.quickInput('F1', `>${label}`, re, `command "${label}"`);
  }

  /** Quick Open (Ctrl+P) a workspace file; wait for its tab and its text; focus its editor. */
  async open(rel) {
    const base = path.basename(rel);
    const re = new RegExp(base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    await this.quickInput('Control+P', rel, re, `quick open ${rel}`);
    const tab = this.page.locator('.tabs-container .tab.active', { hasText: base });
    await tab.waitFor({ timeout: 15000 });
    if (await tab.evaluate((t) => t.classList.contains('dirty'))) {
      throw new Error(`${rel} opened with unsaved edits left by an earlier scenario`);
    }
    await this.editor().locator('.view-lines .view-line').first().waitFor({ timeout: 15000 });
    await this.focusEditor();
  }

  /** Whether the keyboard focus is in the active editor's text input. */
  async editorFocused() {
    return this.page.evaluate(() => {
      const ed = document.querySelector('.editor-group-container.active .editor-instance .monaco-editor');
      const a = document.activeElement;
      return !!(ed && a && ed.contains(a) && ed.classList.contains('focused'));
    }).catch(() => false);
  }

  /**
   * Give the active editor the keyboard focus and check that it has it: keys pressed while a
   * panel, a notification or the quick input holds the focus would land there instead.
   */
  async focusEditor() {
    await until('the keyboard focus in the active editor', async () => {
      if (await this.editorFocused()) return true;
      await this.page.keyboard.press(KEYS.focusEditor);
      await sleep(100);
      if (await this.editorFocused()) return true;
      await this.editor().locator('textarea.inputarea, .native-edit-context').first().focus({ timeout: 1000 }).catch(() => {});
      return this.editorFocused();
    }, 10000, 100);
  }

  /** Press keys / type text into the active editor, after checking that it has the focus. */
  async press(...keys) {
    await this.focusEditor();
    for (const k of keys) await this.page.keyboard.press(k);
  }

  async type(text) {
    await this.focusEditor();
    await this.page.keyboard.type(text);
  }

  /** Ctrl+G: go to LINE[:COL]; wait until the cursor's line number shows it. */
  async gotoLine(line, col) {
    await this.quickInput('Control+G', col ? `:${line}:${col}` : `:${line}`, null, `go to line ${line}`);
    await until(`cursor on line ${line}`, async () => (await this.cursorLineNumber()) === line, 10000);
  }

  /** The line number shown in the gutter beside the primary cursor (1-based), or null. */
  async cursorLineNumber() {
    return this.editor().evaluate((ed) => {
      const n = ed.querySelector('.margin-view-overlays .active-line-number');
      return n ? Number(n.textContent.trim()) : null;
    });
  }

  /**
   * The document text of the primary cursor's line as rendered, WITHOUT ghost text (an inline
   * suggestion is drawn inside the line's DOM). `.view-line` elements are not in line order,
   * so the line is the one whose box holds the cursor's vertical centre.
   */
  async cursorLineText() {
    return this.editor().evaluate((ed) => {
      const cursor = ed.querySelector('.cursors-layer .cursor');
      if (!cursor) return null;
      const c = cursor.getBoundingClientRect();
      const y = c.top + c.height / 2;
      for (const line of ed.querySelectorAll('.view-lines .view-line')) {
        const r = line.getBoundingClientRect();
        if (!(r.top <= y && y < r.bottom)) continue;
        const copy = line.cloneNode(true);
        copy.querySelectorAll('[class*="ghost-text"]').forEach((g) => g.remove());
        return copy.textContent.replace(/\u00a0/g, ' ');
      }
      return null;
    });
  }

  /** All rendered lines' document texts (unordered), without ghost text. */
  async lineTexts() {
    return this.editor().evaluate((ed) =>
      [...ed.querySelectorAll('.view-lines .view-line')].map((l) => {
        const copy = l.cloneNode(true);
        copy.querySelectorAll('[class*="ghost-text"]').forEach((g) => g.remove());
        return copy.textContent.replace(/\u00a0/g, ' ');
      }));
  }

  /** Ghost text now shown: the inline part on the cursor's line and any extra lines. */
  async ghostText() {
    return this.editor().evaluate((ed) => {
      const inline = [...ed.querySelectorAll('.ghost-text-decoration, .ghost-text-decoration-preview')]
        .map((e) => e.textContent).join('');
      const extra = [...ed.querySelectorAll('.ghost-text .view-line')]
        .map((l) => l.textContent).join('\n');
      const text = (inline + (extra ? '\n' + extra : '')).replace(/\u00a0/g, ' ');
      return text;
    });
  }

  /** The language mode the status bar shows for the active editor ("C", "Fortran", ...). */
  async languageMode() {
    const item = this.page.locator('.part.statusbar [id="status.editor.mode"]').first();
    return ((await item.textContent({ timeout: 1000 })) ?? '').trim();
  }

  /**
   * The screen point over the first occurrence of `word` on the cursor's line (its first
   * characters), measured with a DOM Range: without a grammar a line can be one span.
   */
  async wordPointOnCursorLine(word) {
    return this.editor().evaluate((ed, w) => {
      const cursor = ed.querySelector('.cursors-layer .cursor');
      if (!cursor) return null;
      const c = cursor.getBoundingClientRect();
      const y = c.top + c.height / 2;
      for (const line of ed.querySelectorAll('.view-lines .view-line')) {
        const r = line.getBoundingClientRect();
        if (!(r.top <= y && y < r.bottom)) continue;
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (node.parentElement.closest('[class*="ghost-text"]')) continue;
          const at = node.textContent.indexOf(w);
          if (at < 0) continue;
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + Math.min(w.length, 4));
          const b = range.getBoundingClientRect();
          return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
        }
      }
      return null;
    }, word);
  }

  async squiggles(kind = 'error') {
    return this.editor().locator(`.view-overlays .squiggly-${kind}, .squiggly-${kind}`).count();
  }

  /**
   * A known state before a scenario: no quick input, menu, hover, suggestion, notification
   * or panel left over from the previous one, the mouse parked, the editor area focused.
   * Through the harness key bindings (KEYS), never the command palette.
   */
  async prepare() {
    const { page } = this;
    await page.mouse.move(1595, 600); // the editor's right edge: no hover there
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.keyboard.press(KEYS.clearNotifications);
    await page.keyboard.press(KEYS.closePanel);
    await page.keyboard.press(KEYS.focusEditor);
    await until('no quick input, menu or notification left open', async () => {
      const open = await page.locator('.quick-input-widget:visible, .action-widget:visible, '
        + '.notifications-toasts .notification-toast:visible, .context-view .monaco-menu:visible').count();
      if (open) await page.keyboard.press('Escape');
      return open === 0;
    }, 10000, 200);
  }

  /**
   * Revert and close every editor (each scenario edits its own file, so nothing depends on
   * this succeeding, but it keeps the workbench small and the next scenario's tab alone).
   */
  async reset() {
    const { page } = this;
    await this.prepare();
    const tabs = page.locator('.tabs-container .tab');
    for (let n = await tabs.count(), i = 0; n > 0 && i < 20; i++) {
      await page.keyboard.press(KEYS.revertAndClose);
      await until('one editor fewer', async () => (await tabs.count()) < n, 5000).catch(() => {});
      n = await tabs.count();
    }
    await until('all editors closed', async () => (await tabs.count()) === 0, 5000);
  }
}

/**
 * Harness-only key bindings (written to the profile's keybindings.json): set-up and clean-up
 * between scenarios without the command palette, whose focus handling is a source of races.
 * The scenarios themselves use the keys and commands a user would.
 */
const KEYS = {
  focusEditor: 'Control+Alt+Shift+F1',
  clearNotifications: 'Control+Alt+Shift+F2',
  closePanel: 'Control+Alt+Shift+F3',
  revertAndClose: 'Control+Alt+Shift+F4',
};
const KEYBINDINGS = [
  { key: 'ctrl+alt+shift+f1', command: 'workbench.action.focusActiveEditorGroup' },
  { key: 'ctrl+alt+shift+f2', command: 'notifications.clearAll' },
  { key: 'ctrl+alt+shift+f3', command: 'workbench.action.closePanel' },
  { key: 'ctrl+alt+shift+f4', command: 'workbench.action.revertAndCloseActiveEditor' },
];

// ----------------------------------------------------------------------------- scenarios
const FAKE_REPLY_DEFAULT = 'double hpcls_e2e_ghost = 42.0;';

const scenarios = {
  /** The extension's status bar item. */
  async status(wb, ctx) {
    await wb.open(ctx.file);
    // "hpcls: starting"/"hpcls: stopped" until the server answers; then "hpcls AI: <state>".
    const item = wb.page.locator('.part.statusbar .statusbar-item', { hasText: /hpcls AI/ }).first();
    await item.waitFor({ state: 'visible', timeout: 60000 });
    const text = (await item.textContent()).trim();
    if (/error/i.test(text)) {
      return { ok: false, detail: `status bar item reports an error: "${text}"`, screenshot: await wb.shot('status-bar') };
    }
    const shot = await wb.shot('status-bar');
    return { ok: true, detail: `status bar item: "${text}"`, screenshot: shot };
  },

  /** A missing `;` gets a squiggle and a Problems entry from hpcls. */
  async diagnostic(wb, ctx) {
    const { page } = wb;
    await wb.open(ctx.file);
    await until('a clean file (no squiggles)', async () => (await wb.squiggles()) === 0, 10000);
    await wb.gotoLine(29); // "    g->n = n;" inside jacobi_init
    await wb.press('End', 'Enter');
    await wb.type('int x = 1');
    await until('the typed line 30', async () =>
      (await wb.cursorLineNumber()) === 30 && (await wb.cursorLineText())?.trim() === 'int x = 1', 10000);
    await until('a .squiggly-error decoration', async () => (await wb.squiggles()) > 0, 60000);
    const shotEditor = await wb.shot('diagnostic-squiggle');
    await page.keyboard.press('Control+Shift+M');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: /Syntax error/ }).first();
    await row.waitFor({ state: 'visible', timeout: 20000 });
    const text = (await row.textContent()).replace(/\s+/g, ' ').trim();
    const aria = (await row.getAttribute('aria-label')) ?? '';
    const shotProblems = await wb.shot('diagnostic-problems');
    if (!/hpcls/i.test(text + ' ' + aria)) {
      return { ok: false, detail: `Problems row does not name hpcls: "${text}" / "${aria}"`, screenshot: shotProblems };
    }
    await page.keyboard.press('Control+Shift+M'); // close the panel again
    return {
      ok: true,
      detail: `squiggle shown; Problems: "${text}"`,
      screenshot: shotProblems,
      screenshots: [shotEditor, shotProblems],
    };
  },

  /** Hover over a call of a function defined in the file: the declaration is shown. */
  async hover(wb, ctx) {
    const { page } = wb;
    await wb.open(ctx.file);
    await wb.gotoLine(36, 9); // "        jacobi_free(g);"
    await until('line 36 is the jacobi_free call', async () => (await wb.cursorLineText())?.trim() === 'jacobi_free(g);', 10000);
    const expected = 'jacobi_free(jacobi_grid';
    // The token's span on the cursor's line; hover it with the mouse like a user.
    const box = await wb.editor().evaluate((ed) => {
      const cursor = ed.querySelector('.cursors-layer .cursor').getBoundingClientRect();
      const y = cursor.top + cursor.height / 2;
      for (const line of ed.querySelectorAll('.view-lines .view-line')) {
        const r = line.getBoundingClientRect();
        if (!(r.top <= y && y < r.bottom)) continue;
        for (const span of line.querySelectorAll('span span')) {
          if (span.textContent.includes('jacobi_free')) {
            const b = span.getBoundingClientRect();
            return { x: b.left + Math.min(b.width / 2, 20), y: b.top + b.height / 2 };
          }
        }
      }
      return null;
    });
    if (!box) return { ok: false, detail: 'no jacobi_free token found on line 36' };
    let text = '';
    const hover = page.locator('.monaco-hover:visible', { hasText: expected }).first();
    // A hover can be dismissed by a late re-render: wiggle the mouse and look again.
    await until(`a .monaco-hover containing "${expected}"`, async () => {
      await page.mouse.move(box.x - 3, box.y);
      await page.mouse.move(box.x, box.y, { steps: 3 });
      await hover.waitFor({ state: 'visible', timeout: 3000 });
      text = (await hover.innerText()).trim();
      return text.includes(expected);
    }, 60000, 200);
    const shot = await wb.shot('hover');
    await page.mouse.move(1595, 600);
    return { ok: true, detail: `hover: ${JSON.stringify(text.slice(0, 200))}`, screenshot: shot };
  },

  /** Fake engine: the configured reply shows as ghost text and Tab inserts it. */
  async inline(wb, ctx) {
    const reply = (ctx.settings['hpcls.ai.fake_reply'] || FAKE_REPLY_DEFAULT).split('\n')[0].trim();
    return inlineScenario(wb, ctx, 'inline', (ghost) => ghost.includes(reply) && reply,
      `ghost text containing "${reply}"`, 60000);
  },

  /** Fake engine, explicit invocation only (the command palette's "Trigger Inline Suggestion"). */
  async 'inline-invoke'(wb, ctx) {
    const reply = (ctx.settings['hpcls.ai.fake_reply'] || FAKE_REPLY_DEFAULT).split('\n')[0].trim();
    return inlineScenario(wb, ctx, 'inline-invoke', (ghost) => ghost.includes(reply) && reply,
      `ghost text containing "${reply}" after "Trigger Inline Suggestion"`, 30000, 'command');
  },

  /** The real default model: some non-empty ghost text appears and Tab inserts it. */
  async 'inline-model'(wb, ctx) {
    return inlineScenario(wb, ctx, 'inline-model', (ghost) => ghost.split('\n')[0].trim(),
      'non-empty ghost text', Math.max(SCENARIO_TIMEOUT_MS - 30000, 60000));
  },

  /** The quick fix "Insert missing `;`" from Ctrl+. repairs the line. */
  async codeaction(wb, ctx) {
    const { page } = wb;
    await wb.open(ctx.file);
    await until('a clean file (no squiggles)', async () => (await wb.squiggles()) === 0, 10000);
    await wb.gotoLine(53); // "    }" closing the for loop, just before "return 0;"
    await wb.press('End', 'Enter');
    await wb.type('int y = 2');
    await until('the typed line 54', async () =>
      (await wb.cursorLineNumber()) === 54 && (await wb.cursorLineText())?.trim() === 'int y = 2', 10000);
    await until('a .squiggly-error decoration', async () => (await wb.squiggles()) > 0, 60000);
    const shotBefore = await wb.shot('codeaction-error');
    const { titles, shot: shotMenu } = await applyQuickFix(wb, /Insert missing `;`/);
    let lines = [];
    await until('the line "int y = 2;"', async () => {
      lines = await wb.lineTexts();
      return lines.some((l) => l.trim() === 'int y = 2;') && !lines.some((l) => l.trim() === 'int y = 2');
    }, 15000);
    await until('no .squiggly-error left', async () => (await wb.squiggles()) === 0, 30000);
    const shotAfter = await wb.shot('codeaction-fixed');
    return {
      ok: true,
      detail: `menu: ${JSON.stringify(titles)}; line is now "int y = 2;", no squiggle`,
      screenshot: shotAfter,
      screenshots: [shotBefore, shotMenu, shotAfter],
    };
  },

  /**
   * The extension's Fortran languages in VS Code, on a copy of heat/heat_solver.f90: the
   * status bar's language mode reads "Fortran" (FortranFreeForm's alias); a hover on
   * `call halo_setup(g)` shows the subroutine's declaration from heat/heat_halo.f90; a line
   * `cx = (1 + 2` gets a squiggle and a Problems row "missing `)`", and the quick fix
   * "Insert missing `)`" repairs it; a copy of legacy/dgtsv_like.f reads "Fortran77".
   */
  async fortran(wb, ctx) {
    const { page } = wb;
    const shots = [];
    await wb.open(ctx.file);
    let mode = '';
    await until('the language mode "Fortran" in the status bar', async () =>
      (mode = await wb.languageMode()) === 'Fortran', 20000).catch((e) => {
      throw new Error(`${e.message} (it reads ${JSON.stringify(mode)})`);
    });
    await until('a clean file (no squiggles)', async () => (await wb.squiggles()) === 0, 10000);
    shots.push(await wb.shot('fortran-mode'));

    // Hover: a call of a module procedure defined in another file of the workspace.
    await wb.gotoLine(43, 8); // "  call halo_setup(g)"
    await until('line 43 is the halo_setup call', async () => (await wb.cursorLineText())?.trim() === 'call halo_setup(g)', 10000);
    const point = await wb.wordPointOnCursorLine('halo_setup');
    if (!point) throw new Error('no halo_setup on line 43');
    const expected = /subroutine halo_setup\(g\)[\s\S]*heat_halo\.f90/;
    const hover = page.locator('.monaco-hover:visible', { hasText: 'halo_setup' }).first();
    let hoverText = '';
    // A hover can be dismissed by a late re-render: wiggle the mouse and look again.
    await until(`a .monaco-hover matching ${expected}`, async () => {
      await page.mouse.move(point.x - 3, point.y);
      await page.mouse.move(point.x, point.y, { steps: 3 });
      await hover.waitFor({ state: 'visible', timeout: 3000 });
      hoverText = (await hover.innerText()).trim();
      return expected.test(hoverText);
    }, 45000, 200).catch((e) => {
      throw new Error(`${e.message} (last hover: ${JSON.stringify(hoverText.slice(0, 200))})`);
    });
    // The hover fades in: screenshot it once drawn fully opaque.
    await until('the hover fully faded in', () => hover.evaluate((el) => {
      for (let e = el; e; e = e.parentElement) {
        if (e.getAnimations().some((a) => a.playState === 'running')) return false;
        if (Number(getComputedStyle(e).opacity) < 0.99) return false;
      }
      return true;
    }), 5000, 50);
    shots.push(await wb.shot('fortran-hover'));
    await page.mouse.move(1595, 600);
    await page.keyboard.press('Escape');
    await until('the hover gone', async () => !(await hover.isVisible().catch(() => false)), 10000);

    // A syntax error: squiggle, Problems row, quick fix.
    await wb.gotoLine(53); // "  cy = ALPHA * g%dt / g%dy**2"
    await wb.press('End', 'Enter');
    await wb.type('cx = (1 + 2');
    await until('the typed line 54', async () =>
      (await wb.cursorLineNumber()) === 54 && (await wb.cursorLineText())?.trim() === 'cx = (1 + 2', 10000);
    await until('a .squiggly-error decoration', async () => (await wb.squiggles()) > 0, 60000);
    shots.push(await wb.shot('fortran-error'));
    await page.keyboard.press('Control+Shift+M');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: /missing `\)`/ }).first();
    await row.waitFor({ state: 'visible', timeout: 20000 });
    const problem = (await row.textContent()).replace(/\s+/g, ' ').trim();
    shots.push(await wb.shot('fortran-problems'));
    await page.keyboard.press(KEYS.closePanel);
    await until('the panel closed', async () => !(await page.locator('.markers-panel').isVisible().catch(() => false)), 10000);
    await wb.gotoLine(54);
    const { titles, shot: shotMenu } = await applyQuickFix(wb, /Insert missing `\)`/, 'fortran-quickfix');
    shots.push(shotMenu);
    await until('the line "cx = (1 + 2)"', async () => {
      const lines = (await wb.lineTexts()).map((l) => l.trim());
      return lines.includes('cx = (1 + 2)') && !lines.includes('cx = (1 + 2');
    }, 15000);
    await until('no .squiggly-error left', async () => (await wb.squiggles()) === 0, 30000);
    shots.push(await wb.shot('fortran-fixed'));

    // Fixed form: the other contributed language.
    await wb.open(ctx.files.fixed);
    let fixedMode = '';
    await until('the language mode "Fortran77" in the status bar', async () =>
      (fixedMode = await wb.languageMode()) === 'Fortran77', 20000).catch((e) => {
      throw new Error(`${e.message} (it reads ${JSON.stringify(fixedMode)})`);
    });
    shots.push(await wb.shot('fortran77-mode'));
    return {
      ok: true,
      detail: `language mode ${JSON.stringify(mode)}; hover: ${JSON.stringify(hoverText.slice(0, 200))}; `
        + `Problems: "${problem}"; menu: ${JSON.stringify(titles)}; line is now "cx = (1 + 2)", no squiggle; `
        + `${ctx.files.fixed}: language mode ${JSON.stringify(fixedMode)}`,
      screenshot: shots[shots.length - 1],
      screenshots: shots,
    };
  },
};

/**
 * Ctrl+. at the end of the cursor's line; wait for the menu to hold an item matching `want`,
 * take a screenshot ("<name>-menu"), focus that item and accept it. Returns the menu's titles
 * and the screenshot.
 */
async function applyQuickFix(wb, want, name = 'codeaction') {
  const { page } = wb;
  const menuRows = page.locator('.action-widget .monaco-list-row');
  // Code actions are computed for the diagnostics at the cursor: wait for the menu to
  // hold the fix (re-open it when the first request raced the diagnostics).
  await until(`the quick fix menu with ${want}`, async () => {
    if (!(await page.locator('.action-widget', { hasText: want }).isVisible().catch(() => false))) {
      await page.keyboard.press('Escape');
      await wb.press('End', 'Control+Period');
      await menuRows.first().waitFor({ state: 'visible', timeout: 3000 }).catch(() => {});
    }
    return page.locator('.action-widget', { hasText: want }).isVisible();
  }, 45000, 250);
  const titles = (await menuRows.allTextContents()).map((t) => t.trim());
  const shot = await wb.shot(`${name}-menu`);
  // Move the keyboard focus onto the item, then accept it.
  await until(`the item ${want} focused`, async () => {
    const focused = await page.locator('.action-widget .monaco-list-row.focused').first().textContent({ timeout: 500 }).catch(() => '');
    if (want.test(focused ?? '')) return true;
    await page.keyboard.press('ArrowDown');
    return false;
  }, 10000, 100);
  await page.keyboard.press('Enter');
  await page.locator('.action-widget').waitFor({ state: 'hidden', timeout: 10000 }).catch(() => {});
  return { titles, shot };
}

async function inlineScenario(wb, ctx, name, accept, what, waitMs, trigger = 'type') {
  const { page } = wb;
  await wb.open(ctx.file);
  // The server must be up first: a request made while it starts is answered by nobody.
  await page.locator('.part.statusbar .statusbar-item', { hasText: /hpcls AI/ }).first()
    .waitFor({ state: 'visible', timeout: 60000 });
  await wb.gotoLine(29); // "    g->n = n;" inside jacobi_init
  await wb.press('End', 'Enter'); // an empty, indented line inside the function
  // (The line's DOM also holds the ghost text of an automatic suggestion: cursorLineText
  // leaves it out.)
  await until('an empty new line 30', async () =>
    (await wb.cursorLineNumber()) === 30 && (await wb.cursorLineText())?.trim() === '', 10000);
  const lineBefore = await wb.cursorLineText();
  if (trigger === 'command') {
    // The Enter above triggered automatically: dismiss that suggestion, so that what shows
    // next comes from the explicit invocation.
    await until('the automatic suggestion', async () => accept(await wb.ghostText()), 15000).catch(() => {});
    await wb.press('Escape');
    await until('no ghost text', async () => (await wb.ghostText()).trim() === '', 5000);
  }
  let ghost = '';
  let triggers = 0;
  // Typing triggers inline suggestions (automatic trigger). For engines that answer empty
  // while the model loads, ask again every few seconds: by typing a blank and deleting it
  // (trigger "type"), or with "Trigger Inline Suggestion", editor.action.inlineSuggest.trigger
  // (trigger "command", an explicit invocation).
  let nextTrigger = trigger === 'command' ? 0 : Date.now() + 3000;
  await until(what, async () => {
    ghost = await wb.ghostText();
    if (accept(ghost)) return true;
    if (Date.now() >= nextTrigger) {
      triggers++;
      if (trigger === 'command') {
        await wb.command('Trigger Inline Suggestion');
      } else {
        await wb.type(' ');
        await wb.press('Backspace');
      }
      nextTrigger = Date.now() + 5000;
    }
    return false;
  }, waitMs, 200);
  const first = ghost.split('\n')[0];
  const shotBefore = await wb.shot(`${name}-ghost`);
  await wb.press('Tab');
  let after = '';
  await until('the accepted text in the line', async () => {
    after = await wb.cursorLineText() ?? '';
    // After Tab the cursor is at the end of the insertion; for a block it sits on the
    // last inserted line, so look at every rendered line too.
    if (after.includes(first.trim())) return true;
    return (await wb.lineTexts()).some((l) => l.includes(first.trim()) && l !== lineBefore);
  }, 10000);
  await until('the ghost text gone', async () => (await wb.ghostText()).trim() === '', 10000);
  const shotAfter = await wb.shot(`${name}-accepted`);
  return {
    ok: true,
    detail: `ghost text ${JSON.stringify(ghost.slice(0, 200))} (after ${triggers} trigger(s)); line after Tab: ${JSON.stringify(after)}`,
    screenshot: shotAfter,
    screenshots: [shotBefore, shotAfter],
  };
}

// ---------------------------------------------------------------------------------- main
async function main() {
  const results = {};
  const writeResults = () => fs.writeFileSync(RESULT, JSON.stringify(results, null, 2) + '\n');
  for (const s of SCENARIOS) {
    if (!scenarios[s]) usage(`unknown scenario ${s} (known: ${Object.keys(scenarios).join(', ')})`);
    results[s] = { ok: false, detail: 'not run', screenshot: null };
  }
  writeResults();

  // settings
  const userSettings = SETTINGS ? JSON.parse(fs.readFileSync(SETTINGS, 'utf8')) : {};
  const settings = { ...BASE_SETTINGS, ...userSettings };
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  fs.writeFileSync(path.join(ARTIFACTS, 'settings.json'), JSON.stringify(settings, null, 2));
  fs.writeFileSync(path.join(userData, 'User', 'keybindings.json'), JSON.stringify(KEYBINDINGS, null, 2));
  seedScenarioFiles();

  // install the extension ("none": code-server alone, to debug the driver)
  if (VSIX !== 'none') installExtension();
  return runSession(results, settings, writeResults);
}


function installExtension() {
  log(`installing ${VSIX}`);
  const inst = spawnSync(CODE_SERVER, ['--install-extension', path.resolve(VSIX),
    '--user-data-dir', userData, '--extensions-dir', extensionsDir], { encoding: 'utf8', timeout: 120000 });
  const instOut = `${inst.stdout ?? ''}${inst.stderr ?? ''}`;
  fs.writeFileSync(path.join(ARTIFACTS, 'install-extension.log'), instOut);
  if (inst.status !== 0 || !/successfully installed/i.test(instOut)) {
    throw new Error(`--install-extension failed (status ${inst.status}): ${instOut.slice(-2000)}`);
  }
}

async function runSession(results, settings, writeResults) {
  // code-server
  const port = await freePort();
  const configFile = path.join(scratch, 'config.yaml');
  fs.writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const csArgs = ['--config', configFile, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', userData, '--extensions-dir', extensionsDir,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', workspace];
  log(`code-server ${csArgs.join(' ')}`);
  const csLog = fs.openSync(csLogPath, 'w');
  codeServer = spawn(CODE_SERVER, csArgs, {
    detached: true, // own process group: cleanup() ends the extension host and hpcls too
    stdio: ['ignore', csLog, csLog],
    env: { ...process.env, HOME: process.env.HOME },
  });
  let csExit = null;
  codeServer.on('exit', (code, sig) => { csExit = `code ${code} signal ${sig}`; });
  const base = `http://127.0.0.1:${port}`;
  await until('code-server /healthz', async () => {
    if (csExit) throw new Error(`code-server exited (${csExit})`);
    return httpOk(`${base}/healthz`);
  }, 60000, 250);
  log(`code-server healthy on ${base}`);

  // browser
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: !HEADED,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  const consoleLog = fs.createWriteStream(path.join(ARTIFACTS, 'browser-console.log'));
  page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
  page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.message}\n`));
  await page.goto(`${base}/?folder=${encodeURIComponent(workspace)}`, { waitUntil: 'domcontentloaded', timeout: 60000 });
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60000 });
  // The explorer lists the workspace once the file service is up.
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60000 });
  const shots = { n: 0, current: [] };
  const wb = new Workbench(page, shots);
  await wb.shot('workbench');
  log('workbench loaded');

  for (const name of SCENARIOS) {
    const t = Date.now();
    shots.current = [];
    log(`scenario ${name}: start`);
    // One retry from a clean state (fresh file, widgets closed), reported in the result:
    // `retried` and the first attempt's failure in `detail`; the test prints it.
    let r;
    let firstFailure = null;
    for (let attempt = 1; attempt <= 2; attempt++) {
      const { files } = scenarioFiles(name, attempt);
      const ctx = { settings, file: files.file, files };
      try {
        await withTimeout(wb.prepare(), 20000, 'prepare');
        // Both attempts share the scenario's time limit.
        const left = SCENARIO_TIMEOUT_MS - (Date.now() - t);
        r = await withTimeout(scenarios[name](wb, ctx), left, `scenario ${name}`);
      } catch (e) {
        const shot = await wb.shot(`${name}-FAILED${attempt > 1 ? '-retry' : ''}`);
        r = { ok: false, detail: e.message, screenshot: shot };
      }
      if (r.ok || attempt === 2 || SCENARIO_TIMEOUT_MS - (Date.now() - t) < 30000) break;
      firstFailure = { detail: r.detail, screenshot: r.screenshot, ms: Date.now() - t };
      log(`scenario ${name}: attempt 1 FAILED (${firstFailure.ms} ms) ${r.detail}; retrying once from a clean state`);
      await resetOrReload(wb, `${name} (attempt 1)`);
    }
    if (firstFailure) {
      r.retried = true;
      r.first_attempt = firstFailure;
      r.detail = `RETRIED once: attempt 1 failed: ${firstFailure.detail} | attempt 2: ${r.detail}`;
    }
    r.screenshots = r.screenshots ?? [...shots.current];
    r.ms = Date.now() - t;
    results[name] = r;
    writeResults();
    log(`scenario ${name}: ${r.ok ? 'PASS' : 'FAIL'} (${r.ms} ms) ${r.detail}`);
    await resetOrReload(wb, name);
  }
  return results;
}

/**
 * The workspace files each scenario works on, copied from these sources: `file` is the one it
 * edits (jacobi/jacobi.c unless listed here), the others are extra files it opens.
 */
const SCENARIO_SOURCES = {
  fortran: { file: 'heat/heat_solver.f90', fixed: 'legacy/dgtsv_like.f' },
};

/** A scenario's own copies, per attempt: {file, ...extras}, workspace-relative. */
function scenarioFiles(name, attempt = 1) {
  const sources = SCENARIO_SOURCES[name] ?? { file: 'jacobi/jacobi.c' };
  const out = {};
  for (const [key, src] of Object.entries(sources)) {
    const ext = path.extname(src);
    const suffix = key === 'file' ? '' : `_${key}`;
    out[key] = path.join(path.dirname(src),
      `e2e_${name.replace(/-/g, '_')}${suffix}${attempt > 1 ? `_${attempt}` : ''}${ext}`);
  }
  return { sources, files: out };
}

/** Copy each scenario's sources to its own files (and its retry's) before code-server starts. */
function seedScenarioFiles() {
  for (const name of SCENARIOS) {
    for (const attempt of [1, 2]) {
      const { sources, files } = scenarioFiles(name, attempt);
      for (const [key, src] of Object.entries(sources)) {
        const from = path.join(workspace, src);
        if (!fs.existsSync(from)) usage(`the workspace has no ${src} (copy the repository's examples/)`);
        fs.copyFileSync(from, path.join(workspace, files[key]));
      }
    }
  }
}

async function resetOrReload(wb, name) {
  const { page } = wb;
  try {
    await withTimeout(wb.reset(), 30000, 'reset');
  } catch (e) {
    await wb.shot(`reset-after-${name.replace(/\W+/g, '-')}-FAILED`);
    log(`reset after ${name} failed: ${e.message}; reloading the window`);
    await page.reload({ waitUntil: 'domcontentloaded' }).catch(() => {});
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60000 }).catch(() => {});
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60000 }).catch(() => {});
  }
}

let status = 0;
try {
  const results = await main();
  const failed = Object.entries(results).filter(([, r]) => !r.ok).map(([k]) => k);
  status = failed.length ? 1 : 0;
  log(failed.length ? `FAILED: ${failed.join(', ')}` : 'all scenarios passed');
} catch (e) {
  log(`session error: ${e.stack || e.message}`);
  status = 2;
} finally {
  await cleanup();
  log(`results: ${RESULT}`);
}
process.exit(status);
