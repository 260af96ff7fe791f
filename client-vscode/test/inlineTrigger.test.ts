import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VSCODE_AUTOMATIC, VSCODE_INVOKE, lspTriggerKind } from '../src/inlineTrigger';

test('an explicit invocation is LSP Invoked (1), typing is LSP Automatic (2)', () => {
  assert.equal(lspTriggerKind(VSCODE_INVOKE), 1);
  assert.equal(lspTriggerKind(VSCODE_AUTOMATIC), 2);
});
