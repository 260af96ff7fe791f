/**
 * The payload of `hpcls/aiStatus` (request) and `hpcls/aiStatusChanged` (notification), and
 * how the status bar shows it. Pure: no `vscode` import. Fields may be missing (older
 * servers): they read as unknown, never as an error.
 */

export const AI_STATUS_REQUEST = 'hpcls/aiStatus';
export const AI_STATUS_NOTIFICATION = 'hpcls/aiStatusChanged';
/** The `experimental` client capability that asks the server to push AI_STATUS_NOTIFICATION. */
export const AI_STATUS_CAPABILITY = 'hpclsAiStatus';
/**
 * The request's params: an empty object, never none. pygls answers a request message without
 * `params` with an Internal Error (and never calls the handler).
 */
export const AI_STATUS_PARAMS: Record<string, never> = Object.freeze({});

export interface AiStats {
  requests: number;
  active: number;
  cancelled: number;
  timedOut: number;
  failed: number;
}

export interface AiStatus {
  enabled: boolean;
  engine: string;
  loaded: boolean;
  loading: boolean;
  error: string | null;
  pending: number;
  lastLatencyMs: number | null;
  stats: AiStats | null;
}

export type AiState = 'stopped' | 'starting' | 'off' | 'error' | 'loading' | 'ready' | 'idle';

export interface StatusView {
  state: AiState;
  text: string;
  tooltip: string;
}

const STAT_KEYS: (keyof AiStats)[] = ['requests', 'active', 'cancelled', 'timedOut', 'failed'];

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A payload from the server, checked field by field; undefined if it is not an object. */
export function parseAiStatus(raw: unknown): AiStatus | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return undefined;
  }
  const r = raw as Record<string, unknown>;
  // The counters come nested under `stats` or flat at the top level.
  const source =
    typeof r.stats === 'object' && r.stats !== null ? (r.stats as Record<string, unknown>) : r;
  let stats: AiStats | null = null;
  if (STAT_KEYS.some((k) => num(source[k]) !== null)) {
    stats = { requests: 0, active: 0, cancelled: 0, timedOut: 0, failed: 0 };
    for (const k of STAT_KEYS) {
      stats[k] = num(source[k]) ?? 0;
    }
  }
  const error = typeof r.error === 'string' && r.error !== '' ? r.error : null;
  return {
    enabled: r.enabled !== false, // the server's default is on
    engine: typeof r.engine === 'string' ? r.engine : '',
    loaded: r.loaded === true,
    loading: r.loading === true,
    error,
    pending: num(r.pending) ?? 0,
    lastLatencyMs: num(r.lastLatencyMs),
    stats,
  };
}

export function formatLatency(ms: number): string {
  if (ms < 10000) {
    return `${Math.round(ms)} ms`;
  }
  return `${(ms / 1000).toFixed(1)} s`;
}

export function aiState(status: AiStatus | undefined, serverRunning: boolean): AiState {
  if (!serverRunning) {
    return 'stopped';
  }
  if (status === undefined) {
    return 'starting';
  }
  if (!status.enabled) {
    return 'off';
  }
  if (status.error !== null) {
    return 'error';
  }
  if (status.loading) {
    return 'loading';
  }
  if (status.loaded) {
    return 'ready';
  }
  return 'idle';
}

const STATE_LINES: Record<AiState, string> = {
  stopped: 'The hpcls server is not running; "hpcls: Restart Server" starts it again.',
  starting: 'The hpcls server is starting.',
  off: 'AI completions are off (hpcls.ai.enabled). "hpcls: Toggle AI Completions" turns them on.',
  error: 'AI completions failed.',
  loading: 'The AI model is loading.',
  ready: 'The AI model is loaded.',
  idle: 'AI completions are on; the model loads at the first completion.',
};

export function formatTooltip(status: AiStatus | undefined, state: AiState): string {
  const lines = [`hpcls AI completions: ${state}`, STATE_LINES[state]];
  if (status !== undefined && state !== 'stopped') {
    if (status.error !== null) {
      lines.push(`Error: ${status.error}`);
    }
    lines.push(`Engine: ${status.engine !== '' ? status.engine : '(not started)'}`);
    lines.push(
      `Last latency: ${status.lastLatencyMs !== null ? formatLatency(status.lastLatencyMs) : '—'}`,
    );
    lines.push(`Pending: ${status.pending}`);
    if (status.stats !== null) {
      const s = status.stats;
      lines.push(
        `Requests: ${s.requests} · active ${s.active} · cancelled ${s.cancelled} · ` +
          `timed out ${s.timedOut} · failed ${s.failed}`,
      );
    }
  }
  lines.push('Click to show the hpcls output.');
  return lines.join('\n');
}

export function formatStatus(status: AiStatus | undefined, serverRunning: boolean): StatusView {
  const state = aiState(status, serverRunning);
  let text: string;
  switch (state) {
    case 'stopped':
      text = '$(warning) hpcls: stopped';
      break;
    case 'starting':
      text = '$(sync~spin) hpcls: starting';
      break;
    case 'off':
      text = '$(circle-slash) hpcls AI: off';
      break;
    case 'error':
      text = '$(error) hpcls AI: error';
      break;
    case 'loading':
      text = '$(sync~spin) hpcls AI: loading';
      break;
    case 'ready':
      text =
        status?.lastLatencyMs != null
          ? `$(check) hpcls AI: ready · ${formatLatency(status.lastLatencyMs)}`
          : '$(check) hpcls AI: ready';
      break;
    case 'idle':
      text = '$(circle-outline) hpcls AI: idle';
      break;
  }
  return { state, text, tooltip: formatTooltip(status, state) };
}
