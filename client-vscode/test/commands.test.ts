import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configScope, modelMessage, toggleMessage } from '../src/commands';

describe('command helpers', () => {
  it('writes settings to the workspace when one is open, else to the user', () => {
    assert.equal(configScope(0), 'global');
    assert.equal(configScope(1), 'workspace');
    assert.equal(configScope(3), 'workspace');
  });

  it('says the new state', () => {
    assert.match(toggleMessage(true, 'workspace'), /AI completions on for this workspace/);
    assert.match(toggleMessage(false, 'global'), /AI completions off .*user settings/);
    assert.match(modelMessage('/m/a.gguf', 'workspace'), /\/m\/a\.gguf.*llama/);
  });
});
