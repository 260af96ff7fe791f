import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { nodeDiscoveryHost } from '../src/nodeHost';
import { discoverServer } from '../src/serverDiscovery';

const posix = process.platform !== 'win32';

describe('discovery on the real file system', { skip: !posix }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'hpcls-discovery-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  const script = join(bin, 'hpcls');
  writeFileSync(script, '#!/bin/sh\nexit 0\n');
  chmodSync(script, 0o755);
  const plain = join(dir, 'not-executable');
  writeFileSync(plain, '');
  chmodSync(plain, 0o644);
  const fakePython = join(dir, 'python');
  writeFileSync(fakePython, '#!/bin/sh\n[ "$1" = "-c" ] && [ "$2" = "import hpcls" ] && exit 0\nexit 3\n');
  chmodSync(fakePython, 0o755);

  const host = (python?: string, env: Record<string, string> = { PATH: bin }) =>
    nodeDiscoveryHost(() => Promise.resolve(python), () => undefined, env);

  it('checks files and the executable bit', async () => {
    const h = host();
    assert.equal(await h.isFile(script), true);
    assert.equal(await h.isFile(bin), false);
    assert.equal(await h.isFile(join(dir, 'missing')), false);
    assert.equal(await h.isExecutable(script), true);
    if (process.getuid?.() !== 0) {
      assert.equal(await h.isExecutable(plain), false); // root may execute anything
    }
  });

  it('runs programs and reports exit codes, and a missing program as null', async () => {
    const h = host();
    assert.equal((await h.exec(fakePython, ['-c', 'import hpcls'], 5000)).code, 0);
    assert.equal((await h.exec(fakePython, ['-c', 'import nothing'], 5000)).code, 3);
    assert.equal((await h.exec(join(dir, 'missing'), [], 5000)).code, null);
  });

  it('finds hpcls on PATH, and python -m hpcls via the interpreter', async () => {
    const onPath = await discoverServer('', host());
    assert.deepEqual(onPath, { ok: true, server: { command: script, args: ['serve'], source: 'path' } });
    const module = await discoverServer('', host(fakePython, { PATH: '' }));
    assert.deepEqual(module, {
      ok: true,
      server: { command: fakePython, args: ['-m', 'hpcls', 'serve'], source: 'python-module' },
    });
    const configured = await discoverServer(script, host(undefined, { PATH: '' }));
    assert.ok(configured.ok && configured.server.source === 'setting');
  });
});
