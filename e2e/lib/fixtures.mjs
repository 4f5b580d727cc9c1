// What every browser test file sets up, in one place:
//
//   const { app, newPage, goto, login, cli, api } = useApp({ seed: 'demo' });
//
// registers the file's before/after hooks: its own server (own data directory, own port, so
// files can run in parallel), the `oncocenter demo-seed` organization when asked, and one
// headless Chromium. Everything returned is usable at module level: `app` is filled in by the
// before hook, the functions read it when called.
//
// - `cli(...args)`: the server's own CLI on the running app's data directory;
// - `call` / `api` / `tokenOf` / `apiLogin`: the API as a client (the SPA) calls it;
// - `registerPatient(person)`: a patient of a pending card registers with the emailed code
//   (`registerInBrowser(page, person, password)`: the same on the registration page);
// - `cardId(who, lastName)`: the id of the card with that last name, as the organizer finds it;
// - `outboxFiles()` / `waitForEmail(to)` / `readOutbox()`: the app's outbox;
// - `goto`, `login`, `logout`, `toast`, `openAccountMenu`: lib/ui.mjs, bound to the app.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before } from 'node:test';
import { promisify } from 'node:util';

import { freePort, startApp } from './app.mjs';
import { launchBrowser, newPage } from './browser.mjs';
import * as outbox from './outbox.mjs';
import { ui } from './ui.mjs';

const run = promisify(execFile);

// The people of `oncocenter demo-seed` (one password for the staff).
export const DEMO = {
  password: 'onco-demo-2026',
  operator: 'operator@demo.oncocenter.local',
  organizer: 'organizer@demo.oncocenter.local',
  doctor1: 'doctor1@demo.oncocenter.local',
  assistant: 'assistant@demo.oncocenter.local',
};
// Demo cards of doctor1, pending, with the three consents.
export const VASILIEV = { email: 'vasiliev@demo.oncocenter.local', last: 'Васильев', first: 'Николай', birth: '1956-03-14' };
export const FEDOROVA = { email: 'fedorova@demo.oncocenter.local', last: 'Фёдорова', first: 'Елена', birth: '1971-11-02' };
export const ALL_CONSENTS = ['telemedicine', 'email_results', 'personal_data'];

// A date `offset` days from today, as the API and date inputs write it (YYYY-MM-DD, UTC).
export const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
export const today = () => new Date().toISOString().slice(0, 10);
export const nextYear = () => {
  const d = new Date();
  d.setFullYear(d.getFullYear() + 1);
  return d.toISOString().slice(0, 10);
};

// The server on a port chosen beforehand (its emailed links name its address). Another process
// may take a free port between freePort() and the server's bind: then choose another.
async function startOnFreePort() {
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    try {
      return await startApp({ env: { ONCOCENTER_BIND: `127.0.0.1:${port}` } });
    } catch (err) {
      if (attempt >= 3 || !/address already in use|AddrInUse/i.test(String(err.message))) throw err;
    }
  }
}

// `seed`: 'demo' runs `oncocenter demo-seed` before the tests. `setup`: the file's own data, once
// the app and the browser are up (a file's own root `before` may run before this one's).
// `fixedPort`: false lets the server bind port 0 itself (for files whose emails never name its
// address).
export function useApp({ seed, setup, fixedPort = true } = {}) {
  const app = {};
  let browser;

  before(async () => {
    Object.assign(app, fixedPort ? await startOnFreePort() : await startApp());
    if (seed === 'demo') await cli('demo-seed');
    browser = await launchBrowser();
    if (setup) await setup();
  });

  after(async () => {
    await browser?.close();
    await app.stop?.();
  });

  function cli(...args) {
    return run(app.bin, args, {
      env: { ...process.env, ONCOCENTER_DATA_DIR: app.dataDir, ONCOCENTER_BIND: new URL(app.baseUrl).host },
    });
  }

  // One API call; the status and the parsed answer (null when empty), whatever the status.
  async function call(method, apiPath, { token, body } = {}) {
    const res = await fetch(`${app.baseUrl}/api/v1${apiPath}`, {
      method,
      headers: {
        Accept: 'application/json, application/problem+json',
        Origin: app.baseUrl,
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, text, json: text ? JSON.parse(text) : null };
  }

  // A call that must succeed (a status in `expect`); the parsed answer (or null for 204).
  async function api(method, apiPath, { token, body, expect = [200, 201, 202, 204] } = {}) {
    const res = await call(method, apiPath, { token, body });
    assert.ok(expect.includes(res.status), `${method} ${apiPath} → ${res.status}: ${res.text}`);
    return res.json;
  }

  const tokenOf = async (email, password = DEMO.password) =>
    (await api('POST', '/auth/login', { body: { email, password } })).access_token;

  // The API as a staff member's browser calls it: log in, then `(method, path, body)` calls
  // that must succeed. The function carries its `token`.
  async function apiLogin(email, password = DEMO.password) {
    const token = await tokenOf(email, password);
    const as = (method, apiPath, body) => api(method, apiPath, { token, body });
    as.token = token;
    return as;
  }

  // The id of the card with this last name (`who`: a token or an apiLogin of its organizer).
  async function cardId(who, lastName) {
    const token = typeof who === 'function' ? who.token : who;
    const found = await api('GET', `/patients?q=${encodeURIComponent(lastName)}&all=true&page=1&per_page=20`, { token });
    const card = found.items.find((p) => p.last_name === lastName);
    assert.ok(card, `a card ${lastName} in ${JSON.stringify(found.items.map((p) => p.last_name))}`);
    return card.id;
  }

  // The patient of a pending card registers (PREG-3, PREG-4) with the emailed code; his
  // access token.
  async function registerPatient(person, password = `${person.email} pass phrase`) {
    const seen = outboxFiles();
    await api('POST', '/registration', {
      body: { email: person.email, last_name: person.last, first_name: person.first, birth_date: person.birth },
    });
    const mail = await waitForEmail(person.email, { seen });
    const session = await api('POST', '/registration/complete', {
      body: { email: person.email, code: outbox.sixDigitCode(mail), password },
    });
    assert.ok(session.access_token, 'registered and logged in');
    return session.access_token;
  }

  // The same, as a person does it on the registration page: the code from the email, a
  // password, "Перейти на главную"; ends in the cabinet.
  async function registerInBrowser(page, person, password) {
    await goto(page, '/register');
    await page.getByLabel('Электронная почта').fill(person.email);
    await page.getByLabel('Фамилия').fill(person.last);
    await page.getByLabel('Имя', { exact: true }).fill(person.first);
    await page.getByLabel('Дата рождения').fill(person.birth);
    const seen = outboxFiles();
    await page.getByRole('button', { name: 'Получить код' }).click();
    await page.getByTestId('code-sent').waitFor();
    const codeMail = await waitForEmail(person.email, { seen });
    await page.getByLabel('Проверочный код').fill(outbox.sixDigitCode(codeMail));
    await page.getByLabel('Пароль', { exact: true }).fill(password);
    await page.getByLabel('Повторите пароль').fill(password);
    await page.getByRole('button', { name: 'Зарегистрироваться' }).click();
    await page.getByTestId('register-done').waitFor();
    await page.getByRole('link', { name: 'Перейти на главную' }).click();
    await page.waitForURL('**/cabinet/today');
  }

  const outboxFiles = () => outbox.outboxFiles(app.dataDir);
  const readOutbox = () => outbox.readOutbox(app.dataDir);
  const waitForEmail = (to, opts) => outbox.waitForEmail(app.dataDir, to, opts);

  const { goto, ...steps } = ui(app);

  return {
    app,
    newPage: (opts) => newPage(browser, opts),
    goto,
    ...steps,
    cli,
    call,
    api,
    tokenOf,
    apiLogin,
    cardId,
    registerPatient,
    registerInBrowser,
    outboxFiles,
    readOutbox,
    waitForEmail,
  };
}
