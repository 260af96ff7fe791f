import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { COMMANDS, CONTRIBUTED_LANGUAGE_IDS, LANGUAGE_IDS, OPEN_SETTINGS_COMMAND } from '../src/commands';

/** client-vscode/, found from the compiled test's folder. */
function root(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'src', 'extension.ts'))) {
    const up = dirname(dir);
    assert.notEqual(up, dir, 'client-vscode/ not found');
    dir = up;
  }
  return dir;
}

interface Manifest {
  main: string;
  activationEvents: string[];
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    languages: { id: string; aliases?: string[]; extensions?: string[]; configuration?: string }[];
    configuration: { properties: Record<string, unknown> };
  };
  dependencies?: Record<string, string>;
}

const ROOT = root();
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
const sources = readdirSync(join(ROOT, 'src'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ name: f, text: readFileSync(join(ROOT, 'src', f), 'utf8') }));

describe('package.json', () => {
  const contributed = manifest.contributes.commands.map((c) => c.command);

  it('contributes every command of the source, and no other', () => {
    assert.deepEqual([...contributed].sort(), Object.values(COMMANDS).sort());
    for (const c of manifest.contributes.commands) {
      assert.equal(c.category, 'hpcls', c.command);
      assert.ok(c.title.length > 0, c.command);
    }
  });

  it('registers every contributed command in extension.ts', () => {
    const ext = sources.find((s) => s.name === 'extension.ts')!.text;
    const registered = [...ext.matchAll(/registerCommand\(\s*COMMANDS\.(\w+)/g)].map(
      (m) => COMMANDS[m[1] as keyof typeof COMMANDS],
    );
    assert.deepEqual(registered.sort(), [...contributed].sort());
  });

  it('knows every command id the source names as a literal', () => {
    const known = new Set<string>([...contributed, OPEN_SETTINGS_COMMAND]);
    for (const { name, text } of sources) {
      for (const m of text.matchAll(/(?:registerCommand|executeCommand)\(\s*'([^']+)'/g)) {
        assert.ok(known.has(m[1]), `${name}: command ${m[1]} is not contributed`);
      }
      for (const m of text.matchAll(/'(hpcls\.[A-Za-z]+)'/g)) {
        const isSetting = Object.keys(manifest.contributes.configuration.properties).some(
          (k) => k === m[1] || k.startsWith(`${m[1]}.`),
        );
        const isStatusItem = m[1] === 'hpcls.aiStatus';
        assert.ok(known.has(m[1]) || isSetting || isStatusItem, `${name}: unknown id ${m[1]}`);
      }
    }
  });

  it('contributes the Fortran languages with the Modern Fortran ids', () => {
    const ids = manifest.contributes.languages.map((l) => l.id);
    assert.deepEqual([...ids].sort(), [...CONTRIBUTED_LANGUAGE_IDS].sort());
    const free = manifest.contributes.languages.find((l) => l.id === 'FortranFreeForm')!;
    const fixed = manifest.contributes.languages.find((l) => l.id === 'FortranFixedForm')!;
    for (const ext of ['.f90', '.F90', '.f95', '.f03', '.f08', '.F08', '.f18', '.fpp']) {
      assert.ok(free.extensions?.includes(ext), ext);
    }
    for (const ext of ['.f', '.F', '.f77', '.F77', '.for', '.FOR', '.ftn']) {
      assert.ok(fixed.extensions?.includes(ext), ext);
    }
    assert.ok(free.aliases?.includes('Fortran'));
    assert.ok(fixed.aliases?.includes('Fortran77'));
    for (const lang of [free, fixed]) {
      assert.ok(lang.configuration, lang.id);
      const conf = JSON.parse(readFileSync(join(ROOT, lang.configuration), 'utf8')) as {
        comments: { lineComment: string };
      };
      assert.equal(conf.comments.lineComment, '!');
    }
  });

  it('activates on every language the client serves', () => {
    for (const id of LANGUAGE_IDS) {
      assert.ok(manifest.activationEvents.includes(`onLanguage:${id}`), id);
    }
  });

  it('points main at the bundle and pins vscode-languageclient 9.0.1', () => {
    assert.equal(manifest.main, './out/extension.js');
    assert.equal(manifest.dependencies?.['vscode-languageclient'], '9.0.1');
  });

  it('keeps the pure modules free of the vscode import', () => {
    for (const name of ['serverDiscovery.ts', 'aiStatus.ts', 'commands.ts', 'nodeHost.ts']) {
      const text = sources.find((s) => s.name === name)!.text;
      assert.doesNotMatch(text, /from 'vscode'|require\('vscode'\)/, name);
    }
  });
});
