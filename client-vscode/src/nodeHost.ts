/**
 * The discovery host on the real machine: node's fs and child_process. No `vscode` import:
 * the Python extension lookup and the log come in as functions.
 */

import { execFile } from 'child_process';
import { constants as fsConstants, promises as fs } from 'fs';
import { DiscoveryHost, ExecResult } from './serverDiscovery';

export function nodeDiscoveryHost(
  pythonInterpreter: () => Promise<string | undefined>,
  log: (message: string) => void,
  env: Record<string, string | undefined> = process.env,
): DiscoveryHost {
  return {
    platform: process.platform,
    env,
    async isFile(path: string): Promise<boolean> {
      try {
        return (await fs.stat(path)).isFile();
      } catch {
        return false;
      }
    },
    async isExecutable(path: string): Promise<boolean> {
      try {
        await fs.access(path, fsConstants.X_OK);
        return true;
      } catch {
        return false;
      }
    },
    exec(command: string, args: string[], timeoutMs: number): Promise<ExecResult> {
      return new Promise((resolve) => {
        execFile(command, args, { timeout: timeoutMs, windowsHide: true }, (error, stdout, stderr) => {
          let code: number | null = 0;
          if (error) {
            code = typeof error.code === 'number' ? error.code : null;
          }
          const err = String(stderr) || (error ? error.message : '');
          resolve({ code, stdout: String(stdout), stderr: err });
        });
      });
    },
    pythonInterpreter,
    log,
  };
}
