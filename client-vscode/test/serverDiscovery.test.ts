import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  NOT_FOUND_MESSAGE,
  discoverServer,
  expandSettingPath,
  findOnPath,
  interpreterFromPythonApi,
} from '../src/serverDiscovery';
import { fakeHost } from './fakeHost';

const VENV_PY = '/proj/.venv/bin/python';

describe('server discovery: the setting', () => {
  it('uses a configured executable and runs "serve"', async () => {
    const host = fakeHost({ files: { '/opt/hpcls/bin/hpcls': true, '/usr/bin/hpcls': true } });
    const r = await discoverServer('/opt/hpcls/bin/hpcls', host);
    assert.deepEqual(r, {
      ok: true,
      server: { command: '/opt/hpcls/bin/hpcls', args: ['serve'], source: 'setting' },
    });
    assert.ok(host.logs.some((l) => l.includes('hpcls.server.path is set')));
  });

  it('wins over the Python extension and PATH', async () => {
    const host = fakeHost({
      files: { '/opt/x/hpcls': true, '/proj/.venv/bin/hpcls': true, [VENV_PY]: true, '/usr/bin/hpcls': true },
      python: VENV_PY,
    });
    const r = await discoverServer('/opt/x/hpcls', host);
    assert.ok(r.ok && r.server.command === '/opt/x/hpcls');
  });

  it('fails, naming the setting, when the file is missing (no fallback)', async () => {
    const host = fakeHost({ files: { '/usr/bin/hpcls': true } });
    const r = await discoverServer('/nowhere/hpcls', host);
    assert.equal(r.ok, false);
    assert.ok(!r.ok && r.reason === 'setting');
    assert.match(!r.ok ? r.message : '', /hpcls\.server\.path.*\/nowhere\/hpcls.*does not exist/);
  });

  it('fails, naming the setting, when the file is not executable', async () => {
    const host = fakeHost({ files: { '/opt/hpcls': false } });
    const r = await discoverServer('/opt/hpcls', host);
    assert.ok(!r.ok && r.reason === 'setting');
    assert.match(!r.ok ? r.message : '', /hpcls\.server\.path.*not executable/);
  });

  it('rejects a relative path', async () => {
    const r = await discoverServer('bin/hpcls', fakeHost({ files: { 'bin/hpcls': true } }));
    assert.ok(!r.ok && r.reason === 'setting' && r.message.includes('relative'));
  });

  it('looks a bare name up on PATH', async () => {
    const host = fakeHost({ files: { '/bin/hpcls-dev': true } });
    const r = await discoverServer('hpcls-dev', host);
    assert.ok(r.ok && r.server.command === '/bin/hpcls-dev' && r.server.source === 'setting');
    const missing = await discoverServer('nope', host);
    assert.ok(!missing.ok && missing.reason === 'setting' && missing.message.includes('PATH'));
  });

  it('expands ~ and ${env:NAME}', async () => {
    assert.equal(expandSettingPath('~/x/hpcls', { HOME: '/home/u' }), '/home/u/x/hpcls');
    assert.equal(expandSettingPath('${env:VENV}/bin/hpcls', { VENV: '/v' }), '/v/bin/hpcls');
    const host = fakeHost({ files: { '/home/u/.local/bin/hpcls': true } });
    const r = await discoverServer('  ~/.local/bin/hpcls ', host);
    assert.ok(r.ok && r.server.command === '/home/u/.local/bin/hpcls');
  });

  it('treats a blank setting as unset', async () => {
    const host = fakeHost({ files: { '/usr/bin/hpcls': true } });
    const r = await discoverServer('   ', host);
    assert.ok(r.ok && r.server.source === 'path');
  });
});

describe('server discovery: the Python extension', () => {
  it('uses the hpcls script next to the selected interpreter', async () => {
    const host = fakeHost({
      files: { [VENV_PY]: true, '/proj/.venv/bin/hpcls': true, '/usr/bin/hpcls': true },
      python: VENV_PY,
    });
    const r = await discoverServer('', host);
    assert.deepEqual(r, {
      ok: true,
      server: { command: '/proj/.venv/bin/hpcls', args: ['serve'], source: 'python-script' },
    });
    assert.deepEqual(host.execCalls, []);
  });

  it('falls back to "python -m hpcls serve" when hpcls imports', async () => {
    const host = fakeHost({
      files: { [VENV_PY]: true, '/usr/bin/hpcls': true },
      python: VENV_PY,
      exec: { [`${VENV_PY} -c import hpcls`]: { code: 0, stdout: '', stderr: '' } },
    });
    const r = await discoverServer(undefined, host);
    assert.deepEqual(r, {
      ok: true,
      server: { command: VENV_PY, args: ['-m', 'hpcls', 'serve'], source: 'python-module' },
    });
  });

  it('skips an interpreter without hpcls, and one whose script is not executable', async () => {
    const host = fakeHost({
      files: { [VENV_PY]: true, '/proj/.venv/bin/hpcls': false, '/bin/hpcls': true },
      python: VENV_PY,
    });
    const r = await discoverServer('', host);
    assert.ok(r.ok && r.server.command === '/bin/hpcls' && r.server.source === 'path');
    assert.deepEqual(host.execCalls, [`${VENV_PY} -c import hpcls`]);
    assert.ok(host.logs.some((l) => l.includes('not installed')));
  });

  it('accepts an environment folder for the interpreter', async () => {
    const host = fakeHost({
      files: { '/conda/envs/x/bin/python': true, '/conda/envs/x/bin/hpcls': true },
      python: '/conda/envs/x',
    });
    const r = await discoverServer('', host);
    assert.ok(r.ok && r.server.command === '/conda/envs/x/bin/hpcls');
  });

  it('survives the Python extension failing, and python failing to run', async () => {
    const failing = fakeHost({ files: { '/usr/bin/hpcls': true }, python: new Error('boom') });
    const r1 = await discoverServer('', failing);
    assert.ok(r1.ok && r1.server.source === 'path');
    assert.ok(failing.logs.some((l) => l.includes('boom')));

    const noRun = fakeHost({
      files: { [VENV_PY]: true },
      python: VENV_PY,
      exec: { [`${VENV_PY} -c import hpcls`]: new Error('EACCES') },
    });
    const r2 = await discoverServer('', noRun);
    assert.ok(!r2.ok && r2.reason === 'not-found');
  });

  it('on Windows, looks for Scripts-style hpcls.exe next to python.exe', async () => {
    const py = 'C:\\venv\\Scripts\\python.exe';
    const host = fakeHost({
      platform: 'win32',
      env: { PATH: 'C:\\Windows', PATHEXT: '.EXE;.CMD' },
      files: { [py]: true, 'C:\\venv\\Scripts\\hpcls.exe': true },
      python: py,
    });
    const r = await discoverServer('', host);
    assert.ok(r.ok && r.server.command === 'C:\\venv\\Scripts\\hpcls.exe');
  });
});

describe('server discovery: PATH and nothing', () => {
  it('finds the first executable hpcls on PATH, skipping non-executables and empty entries', async () => {
    const host = fakeHost({
      env: { PATH: ':/a:/b:/c' },
      files: { 'hpcls': true, '/a/hpcls': false, '/b/hpcls': true, '/c/hpcls': true },
    });
    assert.equal(await findOnPath('hpcls', host), '/b/hpcls');
    const r = await discoverServer('', host);
    assert.deepEqual(r, { ok: true, server: { command: '/b/hpcls', args: ['serve'], source: 'path' } });
  });

  it('reports what to do when nothing is found', async () => {
    const host = fakeHost({ env: { PATH: '/usr/bin' }, files: {} });
    const r = await discoverServer('', host);
    assert.deepEqual(r, { ok: false, reason: 'not-found', message: NOT_FOUND_MESSAGE });
    assert.equal(
      NOT_FOUND_MESSAGE,
      'hpcls: no server found. Install it into your Python environment (pip install hpcls) or set hpcls.server.path',
    );
    assert.ok(host.logs.includes(NOT_FOUND_MESSAGE));
  });

  it('tolerates a missing PATH', async () => {
    const r = await discoverServer('', fakeHost({ env: {}, files: {} }));
    assert.ok(!r.ok && r.reason === 'not-found');
  });
});

describe('the Python extension API', () => {
  it('reads environments.getActiveEnvironmentPath().path', async () => {
    const api = { environments: { getActiveEnvironmentPath: () => ({ id: 'x', path: '/v/bin/python' }) } };
    assert.equal(await interpreterFromPythonApi(api), '/v/bin/python');
  });

  it('prefers the resolved executable when the API resolves it', async () => {
    const api = {
      environments: {
        getActiveEnvironmentPath: () => ({ id: 'x', path: '/conda/envs/x' }),
        resolveEnvironment: () => Promise.resolve({ executable: { uri: { fsPath: '/conda/envs/x/bin/python' } } }),
      },
    };
    assert.equal(await interpreterFromPythonApi(api), '/conda/envs/x/bin/python');
  });

  it('falls back to the path when resolving fails, and to the old settings API', async () => {
    const api = {
      environments: {
        getActiveEnvironmentPath: () => ({ path: '/v/bin/python' }),
        resolveEnvironment: () => Promise.reject(new Error('no')),
      },
    };
    assert.equal(await interpreterFromPythonApi(api), '/v/bin/python');
    const old = { settings: { getExecutionDetails: () => ({ execCommand: ['/old/python'] }) } };
    assert.equal(await interpreterFromPythonApi(old), '/old/python');
  });

  it('gives undefined for anything else', async () => {
    for (const exports of [undefined, null, 42, {}, { environments: {} }, { settings: { getExecutionDetails: () => ({}) } }]) {
      assert.equal(await interpreterFromPythonApi(exports), undefined);
    }
  });
});
