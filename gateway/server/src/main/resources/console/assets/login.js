/*
 * The console's log-in page: posts the user name and password to /api/login (which sets the session cookie) and
 * goes on to the console, to the page named after '#' in this page's address when there is one.
 */
'use strict';

(function () {
  function target() {
    const hash = location.hash;
    return '/console/' + (/^#\/[A-Za-z0-9/?=&%._~+-]*$/.test(hash) ? hash : '#/overview');
  }

  async function login(event) {
    event.preventDefault();
    const box = document.getElementById('login-error');
    box.hidden = true;
    const password = document.getElementById('login-password');
    try {
      const response = await fetch('/api/login', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Dkgw-Csrf': '1' },
        body: JSON.stringify({ username: document.getElementById('login-username').value, password: password.value })
      });
      if (response.ok) {
        password.value = '';
        location.assign(target());
        return;
      }
      let message = response.statusText || 'refused';
      try {
        const body = await response.json();
        if (body && body.error) message = body.error;
      } catch (e) { /* no JSON body */ }
      box.textContent = (response.status === 401 ? 'Log-in failed: ' : 'HTTP ' + response.status + ': ') + message;
    } catch (e) {
      box.textContent = 'The console could not reach the gateway: ' + e.message;
    }
    box.hidden = false;
  }

  document.addEventListener('DOMContentLoaded', () => {
    document.getElementById('login-form').addEventListener('submit', login);
  });
}());
