/**
 * Command ids and small decisions behind the commands. Pure: no `vscode` import, so the unit
 * tests can check them (and that package.json contributes every one).
 */

export const COMMANDS = {
  restartServer: 'hpcls.restartServer',
  showOutput: 'hpcls.showOutput',
  toggleAiCompletions: 'hpcls.toggleAiCompletions',
  selectModel: 'hpcls.selectModel',
} as const;

/** VS Code's own command that opens the Settings editor filtered to a query. */
export const OPEN_SETTINGS_COMMAND = 'workbench.action.openSettings';

export const LANGUAGE_IDS = [
  'FortranFreeForm',
  'FortranFixedForm',
  'fortran',
  'c',
  'cpp',
  'cuda-cpp',
] as const;

/** The Fortran ids this extension contributes (the Modern Fortran extension's ids). */
export const CONTRIBUTED_LANGUAGE_IDS = ['FortranFreeForm', 'FortranFixedForm'] as const;

export type ConfigScope = 'workspace' | 'global';

/** Settings written by the commands go to the workspace when one is open, else to the user. */
export function configScope(workspaceFolderCount: number): ConfigScope {
  return workspaceFolderCount > 0 ? 'workspace' : 'global';
}

export function toggleMessage(enabled: boolean, scope: ConfigScope): string {
  const where = scope === 'workspace' ? 'this workspace' : 'all workspaces (user settings)';
  return `hpcls: AI completions ${enabled ? 'on' : 'off'} for ${where}.`;
}

export function modelMessage(modelPath: string, scope: ConfigScope): string {
  const where = scope === 'workspace' ? 'this workspace' : 'user settings';
  return `hpcls: AI model set to ${modelPath} (engine "llama", ${where}). It loads at the next completion.`;
}
