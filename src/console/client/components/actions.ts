import type { PageContext } from '../page.js';

/** Runs an operator's action: on success says `done` and renders again, else shows the error. */
export async function act(
  context: PageContext,
  done: string,
  action: () => Promise<unknown>,
): Promise<void> {
  try {
    await action();
    context.notify(done);
    context.refresh();
  } catch (error) {
    context.notify((error as Error).message, 'error');
  }
}
