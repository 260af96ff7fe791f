import * as vscode from 'vscode';
import {
  ClientCapabilities,
  FeatureState,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  State,
  StaticFeature,
  TransportKind,
} from 'vscode-languageclient/node';
import {
  AI_STATUS_CAPABILITY,
  AI_STATUS_NOTIFICATION,
  AI_STATUS_PARAMS,
  AI_STATUS_REQUEST,
} from './aiStatus';
import { lspTriggerKind } from './inlineTrigger';
import { nodeDiscoveryHost } from './nodeHost';
import { AiStatusBar } from './statusBar';
import {
  COMMANDS,
  LANGUAGE_IDS,
  OPEN_SETTINGS_COMMAND,
  configScope,
  modelMessage,
  toggleMessage,
} from './commands';
import {
  DiscoveryHost,
  SERVER_PATH_SETTING,
  ServerCommand,
  describeServer,
  discoverServer,
  interpreterFromPythonApi,
} from './serverDiscovery';

const PYTHON_EXTENSION_ID = 'ms-python.python';
const PYTHON_ACTIVATE_TIMEOUT_MS = 30000;

/** Announces that this client handles `hpcls/aiStatusChanged`. */
class AiStatusCapability implements StaticFeature {
  fillClientCapabilities(capabilities: ClientCapabilities): void {
    const experimental =
      typeof capabilities.experimental === 'object' && capabilities.experimental !== null
        ? (capabilities.experimental as Record<string, unknown>)
        : {};
    capabilities.experimental = { ...experimental, [AI_STATUS_CAPABILITY]: true };
  }
  initialize(): void {}
  getState(): FeatureState {
    return { kind: 'static' };
  }
  clear(): void {}
}

function withTimeout<T>(promise: Thenable<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    Promise.resolve(promise).then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

function discoveryHost(log: (message: string) => void): DiscoveryHost {
  return nodeDiscoveryHost(async () => {
    const ext = vscode.extensions.getExtension(PYTHON_EXTENSION_ID);
    if (ext === undefined) {
      log(`Python extension (${PYTHON_EXTENSION_ID}) not installed`);
      return undefined;
    }
    if (!ext.isActive) {
      await withTimeout(ext.activate(), PYTHON_ACTIVATE_TIMEOUT_MS, 'activating the Python extension');
    }
    return interpreterFromPythonApi(ext.exports, vscode.workspace.workspaceFolders?.[0]?.uri);
  }, log);
}

/** One language client at a time: start, stop, restart (discovery runs again on each start). */
class ServerController implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private queue: Promise<void> = Promise.resolve();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly output: vscode.OutputChannel,
    private readonly trace: vscode.OutputChannel,
    private readonly statusBar: AiStatusBar,
  ) {}

  private log(message: string): void {
    this.output.appendLine(`[client ${new Date().toLocaleTimeString()}] ${message}`);
  }

  /** Operations run one after the other, never interleaved. */
  private enqueue(op: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(op, op).catch((err: unknown) => {
      this.log(`unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    });
    return this.queue;
  }

  start(): Promise<void> {
    return this.enqueue(() => this.doStart());
  }

  stop(): Promise<void> {
    return this.enqueue(() => this.doStop());
  }

  restart(): Promise<void> {
    return this.enqueue(async () => {
      this.log('restarting the server');
      await this.doStop();
      await this.doStart();
    });
  }

  refreshStatus(): void {
    const client = this.client;
    if (client === undefined || client.state !== State.Running) {
      return;
    }
    client.sendRequest(AI_STATUS_REQUEST, AI_STATUS_PARAMS).then(
      (status) => this.statusBar.update(status),
      (err: unknown) => this.log(`${AI_STATUS_REQUEST} failed: ${String(err)}`),
    );
  }

  private async doStart(): Promise<void> {
    if (this.client !== undefined) {
      return;
    }
    const configured = vscode.workspace.getConfiguration('hpcls').get<string>('server.path', '');
    const found = await discoverServer(configured, discoveryHost((m) => this.log(m)));
    if (!found.ok) {
      this.statusBar.setRunning(false);
      void this.showError(found.message);
      return;
    }
    await this.launch(found.server);
  }

  private async launch(server: ServerCommand): Promise<void> {
    this.log(`starting: ${describeServer(server)}`);
    const executable = {
      command: server.command,
      args: server.args,
      transport: TransportKind.stdio,
    };
    const serverOptions: ServerOptions = { run: executable, debug: executable };
    const documentSelector = LANGUAGE_IDS.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]);
    const clientOptions: LanguageClientOptions = {
      documentSelector,
      synchronize: { configurationSection: 'hpcls' },
      outputChannel: this.output,
      traceOutputChannel: this.trace,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      middleware: {
        // vscode-languageclient 9.0.1 sends VS Code's trigger kind, not LSP's (inlineTrigger.ts).
        provideInlineCompletionItems: (document, position, context, token, next) =>
          next(
            document,
            position,
            {
              ...context,
              triggerKind: lspTriggerKind(context.triggerKind) as vscode.InlineCompletionTriggerKind,
            },
            token,
          ),
      },
    };
    const client = new LanguageClient('hpcls', 'hpcls', serverOptions, clientOptions);
    client.registerProposedFeatures(); // inline completions are a proposed feature in 9.x
    client.registerFeature(new AiStatusCapability());
    this.subscriptions.push(
      client.onDidChangeState((e) => {
        this.statusBar.setRunning(e.newState === State.Running);
        if (e.newState === State.Running) {
          this.refreshStatus();
        }
      }),
      client.onNotification(AI_STATUS_NOTIFICATION, (status: unknown) => this.statusBar.update(status)),
    );
    this.client = client;
    try {
      await client.start();
      this.log(`server running (${describeServer(server)})`);
      this.refreshStatus();
    } catch (err) {
      const message = `hpcls: the server failed to start (${describeServer(server)}): ${
        err instanceof Error ? err.message : String(err)
      }`;
      this.log(message);
      this.statusBar.setRunning(false);
      void this.showError(message);
    }
  }

  private async doStop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    for (const d of this.subscriptions.splice(0)) {
      d.dispose();
    }
    if (client !== undefined) {
      try {
        if (client.needsStop()) {
          await client.stop(5000);
        }
      } catch (err) {
        this.log(`stopping the server: ${String(err)}`);
      }
      try {
        await client.dispose();
      } catch {
        // already stopped
      }
    }
    this.statusBar.setRunning(false);
  }

  private async showError(message: string): Promise<void> {
    const choice = await vscode.window.showErrorMessage(message, 'Open Settings', 'Show Output');
    if (choice === 'Open Settings') {
      await vscode.commands.executeCommand(OPEN_SETTINGS_COMMAND, SERVER_PATH_SETTING);
    } else if (choice === 'Show Output') {
      this.output.show(true);
    }
  }

  dispose(): void {
    void this.stop();
  }
}

let controller: ServerController | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('hpcls');
  const trace = vscode.window.createOutputChannel('hpcls (trace)');
  const statusBar = new AiStatusBar();
  const server = new ServerController(output, trace, statusBar);
  controller = server;
  context.subscriptions.push(output, trace, statusBar);

  const scope = (): vscode.ConfigurationTarget =>
    configScope(vscode.workspace.workspaceFolders?.length ?? 0) === 'workspace'
      ? vscode.ConfigurationTarget.Workspace
      : vscode.ConfigurationTarget.Global;
  const scopeName = () => configScope(vscode.workspace.workspaceFolders?.length ?? 0);

  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.restartServer, () => server.restart()),
    vscode.commands.registerCommand(COMMANDS.showOutput, () => output.show(true)),
    vscode.commands.registerCommand(COMMANDS.toggleAiCompletions, async () => {
      const config = vscode.workspace.getConfiguration('hpcls');
      const enabled = !config.get<boolean>('ai.enabled', true);
      await config.update('ai.enabled', enabled, scope());
      void vscode.window.showInformationMessage(toggleMessage(enabled, scopeName()));
    }),
    vscode.commands.registerCommand(COMMANDS.selectModel, async () => {
      const picked = await vscode.window.showOpenDialog({
        canSelectFiles: true,
        canSelectFolders: false,
        canSelectMany: false,
        openLabel: 'Use Model',
        title: 'hpcls: select a GGUF model',
        filters: { 'GGUF models': ['gguf'] },
      });
      if (picked === undefined || picked.length === 0) {
        return;
      }
      const modelPath = picked[0].fsPath;
      const config = vscode.workspace.getConfiguration('hpcls');
      await config.update('ai.model', modelPath, scope());
      await config.update('ai.engine', 'llama', scope());
      void vscode.window.showInformationMessage(modelMessage(modelPath, scopeName()));
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SERVER_PATH_SETTING)) {
        void server.restart();
      } else if (e.affectsConfiguration('hpcls.ai')) {
        // Servers that push hpcls/aiStatusChanged do so themselves; this covers older ones.
        setTimeout(() => server.refreshStatus(), 500);
      }
    }),
    server,
  );

  await server.start();
}

export async function deactivate(): Promise<void> {
  const server = controller;
  controller = undefined;
  if (server !== undefined) {
    await server.stop();
  }
}
