import { html } from 'lit-html';
import { api, seg } from '../api.js';
import { confirmTyped, formFields } from '../components/forms.js';
import { dateTime } from '../components/format.js';
import { dataTable } from '../components/table.js';
import { act } from '../components/actions.js';
import type { ConsolePage } from '../page.js';

interface ConsoleUser {
  email: string;
  role: string;
  created_at: number;
  last_sign_in_at: number | null;
  locked_until: number | null;
}

/** Console users and their roles (admins only). */
export const usersPage: ConsolePage = {
  id: 'users',
  title: 'Console users',
  role: 'admin',
  async render(context) {
    const { users } = await api.get<{ users: ConsoleUser[] }>('/v1/admin/console-users');
    const add = (event: Event) => {
      const fields = formFields(event);
      void act(context, `Added ${fields.email}`, () => api.post('/v1/admin/console-users', fields));
    };
    const reset = (user: ConsoleUser) => {
      const password = window.prompt(`New password for ${user.email} (10 characters or more)`);
      if (password)
        void act(context, `Password of ${user.email} reset`, () =>
          api.put(`/v1/admin/console-users/${seg(user.email)}/password`, { password }),
        );
    };
    const remove = (user: ConsoleUser) => {
      if (confirmTyped(`Remove ${user.email}?`, user.email))
        void act(context, `Removed ${user.email}`, () =>
          api.delete(`/v1/admin/console-users/${seg(user.email)}`),
        );
    };
    return html`<h1>Console users</h1>
      ${dataTable(
        [
          { title: 'Email', cell: (u) => u.email },
          { title: 'Role', cell: (u) => u.role },
          { title: 'Last sign-in', cell: (u) => dateTime(u.last_sign_in_at) },
          { title: 'Locked until', cell: (u) => dateTime(u.locked_until) },
          {
            title: '',
            cell: (u) =>
              html`<button @click=${() => reset(u)}>Reset password</button>
                <button class="danger" @click=${() => remove(u)}>Remove</button>`,
          },
        ],
        users,
      )}
      <h2>Add a user</h2>
      <form class="inline" @submit=${add}>
        <label>Email <input name="email" type="email" required /></label>
        <label>Password <input name="password" type="password" minlength="10" required /></label>
        <label
          >Role
          <select name="role">
            <option>viewer</option>
            <option selected>operator</option>
            <option>admin</option>
          </select></label
        >
        <button type="submit">Add</button>
      </form>`;
  },
};
