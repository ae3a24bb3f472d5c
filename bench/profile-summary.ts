import { readFileSync } from 'node:fs';

/**
 * Prints where a .cpuprofile (`npm run bench -- --profile`, or node --cpu-prof) spent its time:
 * functions by self time, and by total time (self + callees).
 *   node --import tsx bench/profile-summary.ts data/bench/profiles/sqlite-rank-total.cpuprofile [top]
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: profile-summary.ts <file.cpuprofile> [top]');
  process.exit(1);
}
const top = Number(topArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map<number, number>();
for (const node of profile.nodes) {
  for (const child of node.children ?? []) parentOf.set(child, node.id);
}

function nameOf(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url.replace(/^.*\/(node_modules\/|src\/|bench\/)/, '$1');
  return `${functionName || '(anonymous)'} ${where ? `${where}:${lineNumber + 1}` : ''}`.trim();
}

const selfTime = new Map<string, number>();
const totalTime = new Map<string, number>();
let sampledUs = 0;
profile.samples.forEach((id, i) => {
  const delta = profile.timeDeltas[i] ?? 0;
  sampledUs += delta;
  const node = byId.get(id);
  if (!node) return;
  const self = nameOf(node);
  selfTime.set(self, (selfTime.get(self) ?? 0) + delta);
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
    const name = nameOf(byId.get(at)!);
    if (seen.has(name)) continue;
    seen.add(name);
    totalTime.set(name, (totalTime.get(name) ?? 0) + delta);
  }
});

function print(title: string, times: Map<string, number>): void {
  console.log(`\n${title}`);
  const rows = [...times].sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [name, us] of rows) {
    console.log(`${((100 * us) / sampledUs).toFixed(1).padStart(6)}%  ${name}`);
  }
}

console.log(`${file}: ${(sampledUs / 1e6).toFixed(1)} s sampled`);
print('self time', selfTime);
print('total time (self + callees)', totalTime);
