/** The named fields of a submitted form, as strings (empty fields left out). */
export function formFields(event: Event): Record<string, string> {
  event.preventDefault();
  const form = event.currentTarget as HTMLFormElement;
  const fields: Record<string, string> = {};
  for (const [name, value] of new FormData(form)) {
    if (typeof value === 'string' && value.trim() !== '') fields[name] = value.trim();
  }
  return fields;
}

/**
 * Asks the operator to type `expected` to confirm a destructive action (reset, delete,
 * dissolve); true when they did.
 */
export function confirmTyped(what: string, expected: string): boolean {
  return window.prompt(`${what}\nType "${expected}" to confirm.`) === expected;
}
