import { DiscoveryHost, ExecResult } from '../src/serverDiscovery';

export interface FakeOptions {
  platform?: NodeJS.Platform;
  env?: Record<string, string | undefined>;
  /** Path -> executable? */
  files?: Record<string, boolean>;
  /** "command arg1 arg2" -> result (or an Error to throw). */
  exec?: Record<string, ExecResult | Error>;
  python?: string | undefined | Error;
}

export interface FakeHost extends DiscoveryHost {
  logs: string[];
  execCalls: string[];
}

export function fakeHost(opts: FakeOptions = {}): FakeHost {
  const files = opts.files ?? {};
  const logs: string[] = [];
  const execCalls: string[] = [];
  return {
    platform: opts.platform ?? 'linux',
    env: opts.env ?? { PATH: '/usr/bin:/bin', HOME: '/home/u' },
    logs,
    execCalls,
    isFile: (p) => Promise.resolve(p in files),
    isExecutable: (p) => Promise.resolve(files[p] === true),
    exec: (command, args) => {
      const key = [command, ...args].join(' ');
      execCalls.push(key);
      const r = opts.exec?.[key];
      if (r instanceof Error) {
        return Promise.reject(r);
      }
      return Promise.resolve(r ?? { code: 1, stdout: '', stderr: "ModuleNotFoundError: No module named 'hpcls'" });
    },
    pythonInterpreter: () =>
      opts.python instanceof Error ? Promise.reject(opts.python) : Promise.resolve(opts.python),
    log: (m) => logs.push(m),
  };
}
