import type { Compilable } from 'kysely';
import { CompiledQuery } from 'kysely';

type Slot = { param: number } | { constant: unknown };

/**
 * A query built and compiled once, then run with new parameter values. Building and compiling a
 * Kysely query costs about as much as running a point query on SQLite; hot lookups skip it.
 * Each parameter must reach the SQL as a bound value, unchanged; an IN list is passed as separate
 * parameters (one compiled shape per length).
 */
export class QueryTemplate<P extends readonly (string | number | null)[], Row> {
  /** By number of parameters: a query with an IN list has one shape per list length. */
  private readonly compiled = new Map<number, { sql: string; slots: Slot[] }>();

  constructor(private readonly build: (...params: P) => Compilable<Row>) {}

  bind(...params: P): CompiledQuery<Row> {
    let compiled = this.compiled.get(params.length);
    if (!compiled) {
      compiled = this.compile(params.length);
      this.compiled.set(params.length, compiled);
    }
    const values = compiled.slots.map((slot) =>
      'param' in slot ? params[slot.param] : slot.constant,
    );
    return CompiledQuery.raw(compiled.sql, values) as CompiledQuery<Row>;
  }

  private compile(arity: number): { sql: string; slots: Slot[] } {
    const markers = Array.from({ length: arity }, (_, i) => `\u0000query-template-param-${i}`);
    const probe = this.build(...(markers as unknown as P)).compile();
    const slots = probe.parameters.map((value): Slot => {
      const param = markers.indexOf(value as string);
      return param >= 0 ? { param } : { constant: value };
    });
    for (let i = 0; i < arity; i++) {
      if (!slots.some((slot) => 'param' in slot && slot.param === i)) {
        throw new Error(`query template parameter ${i} is not bound as a value`);
      }
    }
    return { sql: probe.sql, slots };
  }
}
