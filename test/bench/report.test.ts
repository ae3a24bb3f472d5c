import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { datasetParams } from '../../bench/dataset.js';
import type { LoadFigures } from '../../bench/load.js';
import type { BackendResult, BenchResult, EndpointResult } from '../../bench/report.js';
import { renderReport, sameSizeFloorBytes, summaryLine } from '../../bench/report.js';
import type { ScenarioName } from '../../bench/scenarios.js';

function load(requestsPerSecond: number, responseBytes: number): LoadFigures {
  return {
    bodyBytes: 100,
    responseBytes,
    requestsPerSecond,
    p99Ms: 20,
    failures: 0,
    failureDetails: [],
    generatorCores: 0.3,
    runs: [],
  };
}

const endpoint = (name: ScenarioName, rps: number, bytes: number): EndpointResult => ({
  name,
  load: load(rps, bytes),
  entriesPerRequest: 1,
});

function sqlite(endpoints: EndpointResult[]): BackendResult {
  return {
    name: 'sqlite',
    title: 'SQLite + memory',
    seed: { seeded: false, seconds: 0 },
    rebuild: { entries: 100_000, seconds: 0.2, bytesUsed: 4_800_000 },
    serverStartMs: 1000,
    serverRssBytes: 300e6,
    playerCaches: undefined,
    endpoints,
  };
}

function result(backend: BackendResult, sameSize?: LoadFigures): BenchResult {
  const floor = { small: load(10_000, 70), smallFixed: load(11_000, 70), batch: load(3_000, 70) };
  return {
    params: datasetParams(100_000),
    settings: { connections: 50, runs: 1, seconds: 3, warmupSeconds: 1 },
    machine: { cores: 2, backgroundBusy: {} },
    floor: { ...floor, sameSize },
    backends: [backend],
  };
}

describe('bench report', () => {
  const backend = sqlite([
    endpoint('app/check', 6_000, 150),
    endpoint('rank/total', 3_000, 4_000),
    endpoint('rank/friend', 2_000, 5_000),
  ]);

  it('sizes the same-size floor after the largest list answer, if a list endpoint ran', () => {
    assert.equal(sameSizeFloorBytes([backend]), 5_000);
    assert.equal(sameSizeFloorBytes([sqlite([endpoint('app/check', 6_000, 150)])]), undefined);
  });

  it('prints each answer size, and list endpoints against the same-size floor too', () => {
    const lines = renderReport(result(backend, load(4_000, 5_000))).split('\n');
    const row = (label: string) => lines.find((line) => line.startsWith(label)) ?? '';
    const header = lines.find((line) => line.includes('| check')) ?? '';
    assert.match(header, /SQLite \+ memory \| response B \| +p99 \| check/);
    assert.match(row('app/check'), /\| +150 \|/);
    assert.doesNotMatch(row('app/check'), /same-size/);
    assert.match(
      row('rank/friend'),
      /\| +5,000 \|.*20% of floor \(>= 30%\) FAIL; 50% of the same-size floor \(5,000 B\)$/,
    );
    assert.match(row('small form -> fixed JSON'), /4,000 \| +5,000 \|/);
  });

  it('leaves the same-size share out when that floor was not measured', () => {
    const text = renderReport(result(backend));
    assert.doesNotMatch(text, /same-size/);
    assert.match(text, /rank\/friend.*20% of floor \(>= 30%\) FAIL$/m);
  });

  it('carries the sizes and the same-size share in the JSON line', () => {
    const line = JSON.parse(summaryLine(result(backend, load(4_000, 5_000))));
    const endpoints = line.backends.sqlite.endpoints;
    assert.equal(endpoints['rank/friend'].responseBytes, 5_000);
    assert.equal(endpoints['rank/friend'].shareOfSameSizeFloor, 0.5);
    assert.equal(endpoints['app/check'].shareOfSameSizeFloor, undefined);
    assert.equal(line.floor.sameSize.responseBytes, 5_000);
  });
});
