/**
 * vscode-languageclient 9.0.1 copies VS Code's inline-completion trigger kind into the
 * request unchanged, but the two enums differ: VS Code has Invoke = 0, Automatic = 1; LSP
 * 3.18 has Invoked = 1, Automatic = 2. An explicit "Trigger Inline Suggestion" then sends 0,
 * which a conforming server rejects, and typing is reported as an explicit invocation.
 * Pure (no `vscode` import) so the unit tests can check it.
 */

/** VS Code's `InlineCompletionTriggerKind` values. */
export const VSCODE_INVOKE = 0;
export const VSCODE_AUTOMATIC = 1;

/**
 * The value to hand vscode-languageclient so that the request carries the LSP value:
 * the client copies the number through, so this returns the LSP number itself.
 */
export function lspTriggerKind(vscodeKind: number): number {
  return vscodeKind === VSCODE_INVOKE ? 1 : 2;
}
