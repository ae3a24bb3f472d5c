// The H5 login page: posts its forms as JSON and hands a login to the game's SDK.
(() => {
  'use strict';
  const config = JSON.parse(document.getElementById('landing-config').textContent);
  const text = config.text;

  const views = ['login', 'register', 'forgot'];

  function show(name) {
    for (const view of document.querySelectorAll('.view')) {
      view.hidden = view.id !== `view-${name}`;
    }
    for (const tab of document.querySelectorAll('[role="tab"]')) {
      const selected = tab.dataset.go === name;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
    }
    const tabs = document.querySelector('.tabs');
    if (tabs) tabs.hidden = !(name === 'login' || name === 'register');
    const first = document.querySelector(`#view-${name} input:not([type="hidden"])`);
    if (first && views.includes(name)) first.focus();
  }

  function message(status) {
    return text.status[status] || text.failed;
  }

  function setAlert(form, words) {
    const alert = form.querySelector('.alert');
    alert.textContent = words || '';
    alert.hidden = !words;
  }

  function markInvalid(form, status) {
    const names = { 100: 'email', 101: 'password', 103: 'password' };
    for (const input of form.querySelectorAll('input:not([type="hidden"])')) {
      const invalid = input.name === names[status];
      input.setAttribute('aria-invalid', String(invalid));
      if (invalid) input.focus();
    }
  }

  /** The SDK's bridge: an iOS message handler, an Android JS interface, else the embedding page. */
  function handOff(result) {
    const name = config.bridge || 'xcloud';
    const method = config.bridgeMethod || 'postMessage';
    const handlers = window.webkit && window.webkit.messageHandlers;
    const target = window[name];
    if (handlers && handlers[name]) handlers[name].postMessage(result);
    else if (target && typeof target[method] === 'function') target[method](JSON.stringify(result));
    else {
      if (window.parent && window.parent !== window) window.parent.postMessage(result, '*');
      if (window.opener) window.opener.postMessage(result, '*');
    }
    if (config.callback) {
      const url = new URL(config.callback, window.location.href);
      for (const [key, value] of Object.entries(result)) url.searchParams.set(key, String(value));
      window.location.assign(url.toString());
    }
  }

  async function post(form) {
    const body = Object.fromEntries(new FormData(form).entries());
    const response = await fetch(form.getAttribute('action'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
    return response.json();
  }

  const after = {
    login: (answer) => {
      show('success');
      handOff({ status: answer.status, uid: answer.data.uid, gidloginid: answer.data.gidloginid });
    },
    forgot: (_answer, form) => {
      form.querySelector('.notice').hidden = false;
    },
    reset: () => show('reset-done'),
  };
  after.register = after.login;

  function check(kind, form) {
    if (kind !== 'reset') return undefined;
    return form.elements.password.value === form.elements.confirm.value ? undefined : text.mismatch;
  }

  for (const form of document.querySelectorAll('form')) {
    const kind = form.id.replace(/^form-/, '');
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const problem = check(kind, form);
      setAlert(form, problem);
      if (problem) return;
      const notice = form.querySelector('.notice');
      if (notice) notice.hidden = true;
      const button = form.querySelector('button[type="submit"]');
      button.disabled = true;
      try {
        const answer = await post(form);
        if (answer.status === 200) after[kind](answer, form);
        else {
          setAlert(form, message(answer.status));
          markInvalid(form, answer.status);
        }
      } catch {
        setAlert(form, text.network);
      } finally {
        button.disabled = false;
      }
    });
  }

  for (const control of document.querySelectorAll('[data-go]')) {
    control.addEventListener('click', () => {
      for (const form of document.querySelectorAll('form')) setAlert(form, '');
      show(control.dataset.go);
    });
  }
  const tablist = document.querySelector('[role="tablist"]');
  if (tablist) {
    tablist.addEventListener('keydown', (event) => {
      if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
      const next = document.querySelector('[role="tab"][aria-selected="false"]');
      show(next.dataset.go);
      next.focus();
    });
  }
})();
