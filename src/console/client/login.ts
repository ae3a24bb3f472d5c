import type { TemplateResult } from 'lit-html';
import { html } from 'lit-html';
import { ApiError } from './api.js';
import { formFields } from './components/forms.js';
import type { SignedIn } from './session.js';
import { signIn } from './session.js';

/** The sign-in form; `message` is the last failure. */
export function loginView(
  signedIn: (session: SignedIn) => void,
  show: (message: string) => void,
  message = '',
): TemplateResult {
  const submit = async (event: Event) => {
    const fields = formFields(event);
    try {
      signedIn(await signIn(fields.email ?? '', fields.password ?? ''));
    } catch (error) {
      show(
        error instanceof ApiError && error.status === 423
          ? 'Too many failed sign-ins: this account is locked for a while.'
          : error instanceof ApiError && error.status === 401
            ? 'Wrong email or password.'
            : `Sign-in failed: ${(error as Error).message}`,
      );
    }
  };
  return html`<main class="login">
    <form @submit=${submit} aria-label="Sign in">
      <h1>Guildhall console</h1>
      ${message ? html`<p class="notice error" role="alert">${message}</p>` : ''}
      <label>Email <input name="email" type="email" autocomplete="username" required /></label>
      <label>
        Password
        <input name="password" type="password" autocomplete="current-password" required />
      </label>
      <button type="submit">Sign in</button>
    </form>
  </main>`;
}
