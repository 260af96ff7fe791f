/**
 * Finding the hpcls server. Pure logic: the file system, process execution, environment and
 * the Python extension are injected, so the unit tests run it without VS Code.
 *
 * Order:
 *   (a) the setting `hpcls.server.path`, when non-empty (it must exist and be executable;
 *       there is no fallback past a broken setting: the user asked for that file);
 *   (b) the interpreter selected in the Python extension (ms-python.python): the `hpcls`
 *       script next to it, else `python -m hpcls serve` when `python -c "import hpcls"` works;
 *   (c) `hpcls` on PATH.
 */

import * as nodePath from 'path';

export const SERVER_PATH_SETTING = 'hpcls.server.path';

export const NOT_FOUND_MESSAGE =
  'hpcls: no server found. Install it into your Python environment (pip install hpcls) ' +
  `or set ${SERVER_PATH_SETTING}`;

export interface ExecResult {
  /** Exit code; null when the process could not be started or was killed. */
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface DiscoveryHost {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  /** A regular file (symbolic links followed) exists at this path. */
  isFile(path: string): Promise<boolean>;
  /** The current user may execute this file. */
  isExecutable(path: string): Promise<boolean>;
  /** Run a program (no shell) and wait for it, with a time limit. */
  exec(command: string, args: string[], timeoutMs: number): Promise<ExecResult>;
  /** The Python extension's selected interpreter, or undefined (not installed, none, error). */
  pythonInterpreter(): Promise<string | undefined>;
  log(message: string): void;
}

export type ServerSource = 'setting' | 'python-script' | 'python-module' | 'path';

export interface ServerCommand {
  command: string;
  args: string[];
  source: ServerSource;
}

export type DiscoveryResult =
  | { ok: true; server: ServerCommand }
  | { ok: false; reason: 'setting' | 'not-found'; message: string };

export const IMPORT_CHECK_TIMEOUT_MS = 15000;

function pathLib(platform: NodeJS.Platform): typeof nodePath.posix {
  return platform === 'win32' ? nodePath.win32 : nodePath.posix;
}

/** `~` and `${env:NAME}` in the setting, as users write them in settings.json. */
export function expandSettingPath(value: string, env: Record<string, string | undefined>): string {
  let out = value.trim();
  out = out.replace(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => env[name] ?? '');
  const home = env.HOME ?? env.USERPROFILE;
  if (home && (out === '~' || out.startsWith('~/') || out.startsWith('~\\'))) {
    out = home + out.slice(1);
  }
  return out;
}

/** Names an executable may have on this platform (PATHEXT on Windows). */
function executableNames(name: string, host: DiscoveryHost): string[] {
  if (host.platform !== 'win32') {
    return [name];
  }
  const exts = (host.env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD')
    .split(';')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e.length > 0);
  if (exts.some((e) => name.toLowerCase().endsWith(e))) {
    return [name];
  }
  return exts.map((e) => name + e);
}

async function isRunnable(path: string, host: DiscoveryHost): Promise<boolean> {
  return (await host.isFile(path)) && (await host.isExecutable(path));
}

/** The first `name` on PATH that is an executable file, searched like a shell does. */
export async function findOnPath(name: string, host: DiscoveryHost): Promise<string | undefined> {
  const lib = pathLib(host.platform);
  const pathVar = host.env.PATH ?? host.env.Path ?? '';
  for (const dir of pathVar.split(lib.delimiter)) {
    if (dir === '') {
      continue; // an empty entry means the current directory: never trusted here
    }
    for (const candidate of executableNames(name, host)) {
      const full = lib.join(dir, candidate);
      if (await isRunnable(full, host)) {
        return full;
      }
    }
  }
  return undefined;
}

/**
 * The Python extension's API reports a path that is the interpreter or, for some
 * environments, the environment's folder: the interpreter inside it then.
 */
async function resolveInterpreter(
  reported: string,
  host: DiscoveryHost,
): Promise<string | undefined> {
  if (await host.isFile(reported)) {
    return reported;
  }
  const lib = pathLib(host.platform);
  const inside =
    host.platform === 'win32'
      ? [lib.join(reported, 'python.exe'), lib.join(reported, 'Scripts', 'python.exe')]
      : [lib.join(reported, 'bin', 'python'), lib.join(reported, 'bin', 'python3')];
  for (const candidate of inside) {
    if (await host.isFile(candidate)) {
      return candidate;
    }
  }
  return undefined;
}

async function fromSetting(configured: string, host: DiscoveryHost): Promise<DiscoveryResult> {
  const lib = pathLib(host.platform);
  const expanded = expandSettingPath(configured, host.env);
  host.log(`${SERVER_PATH_SETTING} is set: ${expanded}`);
  let path = expanded;
  if (!expanded.includes('/') && !expanded.includes('\\')) {
    // A bare name: look it up on PATH, as a terminal would.
    const found = await findOnPath(expanded, host);
    if (found === undefined) {
      return settingError(
        `hpcls: ${SERVER_PATH_SETTING} is "${configured}", but no such executable is on PATH. ` +
          `Set ${SERVER_PATH_SETTING} to the full path of the hpcls executable, or clear it.`,
        host,
      );
    }
    path = found;
  } else if (!lib.isAbsolute(expanded)) {
    return settingError(
      `hpcls: ${SERVER_PATH_SETTING} is "${configured}", a relative path. ` +
        `Set ${SERVER_PATH_SETTING} to the absolute path of the hpcls executable.`,
      host,
    );
  }
  if (!(await host.isFile(path))) {
    return settingError(
      `hpcls: ${SERVER_PATH_SETTING} is "${configured}", but that file does not exist. ` +
        `Fix ${SERVER_PATH_SETTING} or clear it to find the server automatically.`,
      host,
    );
  }
  if (!(await host.isExecutable(path))) {
    return settingError(
      `hpcls: ${SERVER_PATH_SETTING} is "${configured}", but that file is not executable. ` +
        `Make it executable (chmod +x) or fix ${SERVER_PATH_SETTING}.`,
      host,
    );
  }
  host.log(`using ${path} (from ${SERVER_PATH_SETTING})`);
  return { ok: true, server: { command: path, args: ['serve'], source: 'setting' } };
}

function settingError(message: string, host: DiscoveryHost): DiscoveryResult {
  host.log(message);
  return { ok: false, reason: 'setting', message };
}

async function fromPython(host: DiscoveryHost): Promise<ServerCommand | undefined> {
  let reported: string | undefined;
  try {
    reported = await host.pythonInterpreter();
  } catch (err) {
    host.log(`Python extension: could not get the selected interpreter: ${String(err)}`);
    return undefined;
  }
  if (reported === undefined || reported === '') {
    host.log('Python extension: no selected interpreter (extension not installed or none chosen)');
    return undefined;
  }
  const python = await resolveInterpreter(reported, host);
  if (python === undefined) {
    host.log(`Python extension: selected interpreter ${reported} not found`);
    return undefined;
  }
  host.log(`Python extension: selected interpreter ${python}`);
  const lib = pathLib(host.platform);
  const binDir = lib.dirname(python);
  for (const name of executableNames('hpcls', host)) {
    const script = lib.join(binDir, name);
    if (await isRunnable(script, host)) {
      host.log(`using ${script} (next to the selected interpreter)`);
      return { command: script, args: ['serve'], source: 'python-script' };
    }
  }
  host.log(`no hpcls script in ${binDir}; trying "${python} -c 'import hpcls'"`);
  let result: ExecResult;
  try {
    result = await host.exec(python, ['-c', 'import hpcls'], IMPORT_CHECK_TIMEOUT_MS);
  } catch (err) {
    host.log(`could not run ${python}: ${String(err)}`);
    return undefined;
  }
  if (result.code === 0) {
    host.log(`using ${python} -m hpcls serve`);
    return { command: python, args: ['-m', 'hpcls', 'serve'], source: 'python-module' };
  }
  const why = result.stderr.trim().split('\n').pop() ?? '';
  host.log(`hpcls is not installed for ${python}${why ? `: ${why}` : ''}`);
  return undefined;
}

export async function discoverServer(
  configuredPath: string | undefined,
  host: DiscoveryHost,
): Promise<DiscoveryResult> {
  host.log('looking for the hpcls server');
  if (configuredPath !== undefined && configuredPath.trim() !== '') {
    return fromSetting(configuredPath, host);
  }
  host.log(`${SERVER_PATH_SETTING} is empty`);
  const python = await fromPython(host);
  if (python !== undefined) {
    return { ok: true, server: python };
  }
  const onPath = await findOnPath('hpcls', host);
  if (onPath !== undefined) {
    host.log(`using ${onPath} (found on PATH)`);
    return { ok: true, server: { command: onPath, args: ['serve'], source: 'path' } };
  }
  host.log('no hpcls executable on PATH');
  host.log(NOT_FOUND_MESSAGE);
  return { ok: false, reason: 'not-found', message: NOT_FOUND_MESSAGE };
}

/**
 * The selected interpreter from the Python extension's exports: the current API
 * (`environments.getActiveEnvironmentPath().path`), else the older
 * `settings.getExecutionDetails().execCommand[0]`. Anything unexpected gives undefined.
 */
export async function interpreterFromPythonApi(
  exports: unknown,
  resource?: unknown,
): Promise<string | undefined> {
  if (typeof exports !== 'object' || exports === null) {
    return undefined;
  }
  const api = exports as {
    environments?: {
      getActiveEnvironmentPath?: (r?: unknown) => { path?: unknown } | undefined;
      resolveEnvironment?: (e: unknown) => Promise<{ executable?: { uri?: { fsPath?: unknown } } } | undefined>;
    };
    settings?: {
      getExecutionDetails?: (r?: unknown) => { execCommand?: unknown } | undefined;
    };
  };
  const envs = api.environments;
  if (envs && typeof envs.getActiveEnvironmentPath === 'function') {
    const active = envs.getActiveEnvironmentPath(resource);
    if (active && typeof envs.resolveEnvironment === 'function') {
      try {
        const resolved = await envs.resolveEnvironment(active);
        const exe = resolved?.executable?.uri?.fsPath;
        if (typeof exe === 'string' && exe !== '') {
          return exe;
        }
      } catch {
        // fall back to the reported path
      }
    }
    if (active && typeof active.path === 'string' && active.path !== '') {
      return active.path;
    }
  }
  const settings = api.settings;
  if (settings && typeof settings.getExecutionDetails === 'function') {
    const cmd = settings.getExecutionDetails(resource)?.execCommand;
    if (Array.isArray(cmd) && typeof cmd[0] === 'string' && cmd[0] !== '') {
      return cmd[0];
    }
  }
  return undefined;
}

export function describeServer(server: ServerCommand): string {
  return [server.command, ...server.args].join(' ');
}
