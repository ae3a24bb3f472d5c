import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const src = join(root, 'src');

interface Edge {
  from: string;
  to: string;
  /** `import type` / `export type`: erased at runtime. */
  typeOnly: boolean;
}

/** `import ... from '...'`, `export ... from '...'` and bare `import '...'`. */
const STATEMENT =
  /^\s*(import|export)\s+(type\s+)?(?:(?:\*(?:\s+as\s+\w+)?|\{[^}]*\}|\w+(?:\s*,\s*(?:\{[^}]*\}|\*\s+as\s+\w+))?)\s+from\s+)?'([^']+)'/gm;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): Edge[] {
  const text = readFileSync(file, 'utf8');
  const edges: Edge[] = [];
  for (const match of text.matchAll(STATEMENT)) {
    const specifier = match[3]!;
    // Style sheets are bundled for the browser; they hold no code.
    if (!specifier.startsWith('.') || specifier.endsWith('.css')) continue;
    const target = resolve(dirname(file), specifier).replace(/\.js$/, '.ts');
    edges.push({ from: name(file), to: name(target), typeOnly: match[2] !== undefined });
  }
  return edges;
}

const name = (path: string) => relative(root, path).split('\\').join('/');
const files = sourceFiles(src).map(name).sort();
const edges = sourceFiles(src).flatMap(importsOf);
const valueEdges = edges.filter((edge) => !edge.typeOnly);

const inLayer = (file: string, layer: string) => file.startsWith(`src/${layer}/`);

/** Value imports from `layer` into any of `forbidden`, by file. */
function offenders(layer: string, forbidden: readonly string[]): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  for (const edge of valueEdges) {
    if (!inLayer(edge.from, layer)) continue;
    if (!forbidden.some((other) => inLayer(edge.to, other))) continue;
    (found[edge.from] ??= []).push(edge.to);
  }
  return found;
}

/** Strongly connected components of more than one file (or a file importing itself). */
function cycles(): string[][] {
  const next = new Map<string, string[]>();
  for (const edge of valueEdges) {
    if (!next.has(edge.from)) next.set(edge.from, []);
    next.get(edge.from)!.push(edge.to);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;
  const visit = (file: string) => {
    index.set(file, counter);
    low.set(file, counter);
    counter += 1;
    stack.push(file);
    onStack.add(file);
    for (const to of next.get(file) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(file, Math.min(low.get(file)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(file, Math.min(low.get(file)!, index.get(to)!));
      }
    }
    if (low.get(file) === index.get(file)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== file);
      if (component.length > 1 || next.get(file)?.includes(file)) {
        components.push(component.sort());
      }
    }
  };
  for (const file of files) if (!index.has(file)) visit(file);
  return components;
}

describe('layering', () => {
  it('finds the import statements it checks', () => {
    assert.ok(files.length > 100);
    assert.ok(valueEdges.some((edge) => edge.from === 'src/guildhall.ts'));
    assert.ok(edges.some((edge) => edge.typeOnly));
    for (const edge of edges) assert.ok(files.includes(edge.to), `${edge.from} → ${edge.to}`);
  });

  it('the console’s browser code imports only its own files', () => {
    const client = 'src/console/client/';
    const outside = edges.filter((e) => e.from.startsWith(client) && !e.to.startsWith(client));
    assert.deepEqual(outside, []);
  });

  it('store imports no value from core', () => {
    assert.deepEqual(offenders('store', ['core']), {});
  });

  it('core imports no value from store, protocols, providers, jobs or cli', () => {
    assert.deepEqual(offenders('core', ['store', 'protocols', 'providers', 'jobs', 'cli']), {});
  });

  it('common imports nothing from the rest of src', () => {
    const found = edges.filter(
      (edge) => inLayer(edge.from, 'common') && !inLayer(edge.to, 'common'),
    );
    assert.deepEqual(found, []);
  });

  it('only the composition root imports a dialect, and a dialect no other dialect', () => {
    const dialectOf = (file: string) => /^src\/protocols\/(momo|msdk|xcloud)\//.exec(file)?.[1];
    const found = edges.filter((edge) => {
      const to = dialectOf(edge.to);
      return to !== undefined && edge.from !== 'src/guildhall.ts' && dialectOf(edge.from) !== to;
    });
    assert.deepEqual(found, []);
  });

  it('core names no platform but in comments citing a document', () => {
    const platform = /momo|msdk|xcloud|tencent|qq|wechat|openid|vtoken/i;
    const found = files
      .filter((file) => inLayer(file, 'core'))
      .flatMap((file) =>
        readFileSync(join(root, file), 'utf8')
          .split('\n')
          .map((text, line) => ({ file, line: line + 1, text }))
          .filter(({ text }) => platform.test(text) && !/^\s*(\*|\/\*\*|\/\/)/.test(text)),
      );
    assert.deepEqual(found, []);
  });

  it('value imports form no cycle', () => {
    assert.deepEqual(cycles(), []);
  });
});
