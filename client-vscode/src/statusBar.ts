import * as vscode from 'vscode';
import { AiStatus, formatStatus, parseAiStatus } from './aiStatus';
import { COMMANDS } from './commands';

/** The status bar item: the AI side of the server at a glance; a click shows the output. */
export class AiStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private status: AiStatus | undefined;
  private running = false;

  constructor() {
    this.item = vscode.window.createStatusBarItem('hpcls.aiStatus', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'hpcls AI';
    this.item.command = COMMANDS.showOutput;
    this.render();
    this.item.show();
  }

  /** The server started (status unknown until the first reply) or stopped. */
  setRunning(running: boolean): void {
    if (running !== this.running) {
      this.running = running;
      this.status = undefined;
      this.render();
    }
  }

  /** A payload of `hpcls/aiStatus` or `hpcls/aiStatusChanged`; ignored if malformed. */
  update(raw: unknown): void {
    const parsed = parseAiStatus(raw);
    if (parsed !== undefined) {
      this.status = parsed;
      this.render();
    }
  }

  private render(): void {
    const view = formatStatus(this.status, this.running);
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.backgroundColor =
      view.state === 'error'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : view.state === 'stopped'
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
