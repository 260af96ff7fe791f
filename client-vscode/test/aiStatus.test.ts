import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AI_STATUS_CAPABILITY,
  AI_STATUS_NOTIFICATION,
  AI_STATUS_PARAMS,
  AI_STATUS_REQUEST,
  aiState,
  formatLatency,
  formatStatus,
  parseAiStatus,
} from '../src/aiStatus';

const base = {
  enabled: true,
  engine: 'llama',
  loaded: false,
  loading: false,
  error: null,
  pending: 0,
  lastLatencyMs: null,
  stats: { requests: 7, active: 1, cancelled: 2, timedOut: 0, failed: 1 },
};

function view(payload: object, running = true) {
  return formatStatus(parseAiStatus(payload), running);
}

describe('AI status texts', () => {
  it('off', () => {
    assert.equal(view({ ...base, enabled: false, loaded: true }).text, '$(circle-slash) hpcls AI: off');
  });

  it('error, with the error in the tooltip', () => {
    const v = view({ ...base, loaded: true, error: 'model file not found: /m.gguf' });
    assert.equal(v.text, '$(error) hpcls AI: error');
    assert.equal(v.state, 'error');
    assert.match(v.tooltip, /model file not found: \/m\.gguf/);
  });

  it('loading', () => {
    assert.equal(view({ ...base, loading: true }).text, '$(sync~spin) hpcls AI: loading');
  });

  it('ready, with the last latency when known', () => {
    assert.equal(view({ ...base, loaded: true, lastLatencyMs: 123.4 }).text, '$(check) hpcls AI: ready · 123 ms');
    assert.equal(view({ ...base, loaded: true }).text, '$(check) hpcls AI: ready');
  });

  it('idle', () => {
    assert.equal(view(base).text, '$(circle-outline) hpcls AI: idle');
  });

  it('stopped, whatever the last payload said', () => {
    assert.equal(view({ ...base, loaded: true }, false).text, '$(warning) hpcls: stopped');
    assert.equal(formatStatus(undefined, false).text, '$(warning) hpcls: stopped');
  });

  it('starting, before the first payload', () => {
    assert.equal(formatStatus(undefined, true).state, 'starting');
  });

  it('tooltip: engine, last latency, counters', () => {
    const t = view({ ...base, loaded: true, lastLatencyMs: 85, pending: 2 }).tooltip;
    assert.match(t, /Engine: llama/);
    assert.match(t, /Last latency: 85 ms/);
    assert.match(t, /Pending: 2/);
    assert.match(t, /Requests: 7 · active 1 · cancelled 2 · timed out 0 · failed 1/);
  });
});

describe('AI status payloads', () => {
  it('reads counters flat at the top level too (the server sends them so)', () => {
    const s = parseAiStatus({ enabled: true, engine: 'fake', loaded: true, error: null, pending: 0, requests: 3, active: 0, cancelled: 1, timedOut: 0, failed: 0 });
    assert.deepEqual(s?.stats, { requests: 3, active: 0, cancelled: 1, timedOut: 0, failed: 0 });
  });

  it('tolerates missing fields (older servers)', () => {
    const s = parseAiStatus({ enabled: true, engine: '', loaded: false, error: null, pending: 0 });
    assert.ok(s);
    assert.equal(s.loading, false);
    assert.equal(s.lastLatencyMs, null);
    assert.equal(s.stats, null);
    assert.equal(aiState(s, true), 'idle');
    assert.match(formatStatus(s, true).tooltip, /Engine: \(not started\)/);
    assert.doesNotMatch(formatStatus(s, true).tooltip, /Requests:/);
  });

  it('rejects what is not an object', () => {
    for (const raw of [undefined, null, 'x', 3, []]) {
      assert.equal(parseAiStatus(raw), undefined);
    }
  });

  it('formats long latencies in seconds', () => {
    assert.equal(formatLatency(9999), '9999 ms');
    assert.equal(formatLatency(12345), '12.3 s');
  });
});

describe('AI status protocol', () => {
  it('uses the server names, and sends params (pygls rejects a request without them)', () => {
    assert.equal(AI_STATUS_REQUEST, 'hpcls/aiStatus');
    assert.equal(AI_STATUS_NOTIFICATION, 'hpcls/aiStatusChanged');
    assert.equal(AI_STATUS_CAPABILITY, 'hpclsAiStatus');
    assert.deepEqual(JSON.parse(JSON.stringify({ params: AI_STATUS_PARAMS })), { params: {} });
  });
});
