import { fail } from '../errors.js';
import type { Grant } from './grants.js';
import type { IdNamespace, TokenKind } from './types.js';

/** The id namespaces and token kinds the dialects declared at start. */
export class IdentityRegistry {
  private readonly namespaces = new Map<string, IdNamespace>();
  private readonly tokenKinds = new Map<string, TokenKind>();
  private readonly loginGrants = new Map<string, Grant>();

  register(declared: {
    dialect?: string;
    namespaces?: readonly IdNamespace[];
    tokenKinds?: readonly TokenKind[];
    /** Ids and tokens every player gets at each login to an app (the dialect's login answer). */
    loginGrant?: Grant;
  }): void {
    if (declared.dialect && declared.loginGrant) {
      this.loginGrants.set(declared.dialect, declared.loginGrant);
    }
    for (const namespace of declared.namespaces ?? []) {
      if (this.namespaces.has(namespace.name))
        throw new Error(`namespace ${namespace.name} declared twice`);
      this.namespaces.set(namespace.name, namespace);
    }
    for (const kind of declared.tokenKinds ?? []) {
      if (this.tokenKinds.has(kind.name)) throw new Error(`token kind ${kind.name} declared twice`);
      this.tokenKinds.set(kind.name, kind);
    }
  }

  namespace(name: string): IdNamespace {
    return this.namespaces.get(name) ?? fail('invalid_argument', `unknown id namespace ${name}`);
  }

  /** Whether ids of the namespace identify a person (false for unknown ones). */
  identifies(name: string): boolean {
    return this.namespaces.get(name)?.identifies === true;
  }

  tokenKind(name: string): TokenKind {
    return this.tokenKinds.get(name) ?? fail('invalid_argument', `unknown token kind ${name}`);
  }

  /** Per dialect, what every login gets. */
  grantsAtLogin(): ReadonlyMap<string, Grant> {
    return this.loginGrants;
  }

  /** The namespaces operators see ids of, with the field each is shown under. */
  operatorFields(): { namespace: string; field: string }[] {
    return [...this.namespaces.values()].flatMap((n) =>
      n.operatorField ? [{ namespace: n.name, field: n.operatorField }] : [],
    );
  }

  allNamespaces(): IdNamespace[] {
    return [...this.namespaces.values()];
  }

  allTokenKinds(): TokenKind[] {
    return [...this.tokenKinds.values()];
  }
}
