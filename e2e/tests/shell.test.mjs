// The SPA shell against the real server: start page (RU default, EN switch remembered),
// login form, not-found page, static 404s. Every visited page: axe + screenshots.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkPage } from '../lib/check.mjs';
import { useApp } from '../lib/fixtures.mjs';

const { app, newPage } = useApp({ fixedPort: false });

async function open(path, opts) {
  const s = await newPage(opts);
  await s.page.goto(app.baseUrl + path);
  // The wasm app has mounted once the header is there.
  await s.page.locator('header.app-header').waitFor();
  return s;
}

describe('start page', () => {
  test('is in Russian by default and shows the service status', async () => {
    const { page, context, problems } = await open('/');
    assert.equal(await page.locator('html').getAttribute('lang'), 'ru');
    await assert.doesNotReject(page.getByRole('heading', { level: 1, name: /онкологических пациентов/ }).waitFor());
    assert.match(await page.title(), /ОнкоЦентр/);
    const login = page.getByRole('link', { name: 'Войти' });
    assert.equal(await login.getAttribute('href'), '/login');
    // The footer line comes from GET /api/v1/health through the typed client; the version is
    // for staff only (issue 12).
    await page.locator('[data-status="ok"]').waitFor();
    assert.equal(await page.locator('[data-status="ok"]').innerText(), 'Сервис работает');
    // The patient's part lists what the cabinet does today, and nothing it does not.
    const features = page.getByTestId('cabinet-features');
    await features.getByText(/^Медкарта/).waitFor();
    await features.getByText(/^Назначения/).waitFor();
    assert.doesNotMatch(await page.locator('main').innerText(), /ЛФК|сообщени|запись на при|оплат|в следующих версиях/i);
    await checkPage(page, 'start-ru', 'home');

    await login.click();
    await page.waitForURL('**/login');
    await page.getByRole('heading', { level: 1, name: 'Вход в ОнкоЦентр' }).waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('switches to English, and a reload keeps English', async () => {
    const { page, context, problems } = await open('/');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: /Remote monitoring and rehabilitation/ }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed'), 'true');
    await page.locator('[data-status="ok"]').waitFor();
    await checkPage(page, 'start-en', 'home');

    await page.reload();
    await page.locator('header.app-header').waitFor();
    await page.getByRole('heading', { level: 1, name: /Remote monitoring and rehabilitation/ }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.match(await page.title(), /OncoCenter/);

    await page.getByRole('button', { name: 'Русский' }).click();
    await page.getByRole('heading', { level: 1, name: /онкологических пациентов/ }).waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });
});

describe('login page', () => {
  test('has labelled inputs, a working show-password toggle and field errors', async () => {
    const { page, context, problems } = await open('/login');
    const email = page.getByLabel('Электронная почта');
    const password = page.getByLabel('Пароль', { exact: true });
    assert.equal(await email.getAttribute('type'), 'email');
    assert.equal(await email.getAttribute('autocomplete'), 'username');
    assert.equal(await password.getAttribute('type'), 'password');
    assert.equal(await page.getByRole('link', { name: 'Забыли пароль?' }).getAttribute('href'), '/password-reset');
    await checkPage(page, 'login', 'login');

    await password.fill('correct horse');
    await page.getByRole('button', { name: 'Показать пароль' }).click();
    assert.equal(await password.getAttribute('type'), 'text');
    await page.getByRole('button', { name: 'Скрыть пароль' }).click();
    assert.equal(await password.getAttribute('type'), 'password');

    // Empty and malformed input: errors next to the fields, nothing is sent.
    await password.fill('');
    await page.getByRole('button', { name: 'Войти', exact: true }).click();
    await page.getByText('Введите адрес электронной почты.').waitFor();
    await page.getByText('Введите пароль.').waitFor();
    assert.equal(await email.getAttribute('aria-invalid'), 'true');
    assert.ok(await email.evaluate((el) => el === document.activeElement), 'focus moves to the first invalid field');
    await email.fill('ivanov');
    await password.fill('x');
    await page.getByRole('button', { name: 'Войти', exact: true }).click();
    await page.getByText(/name@example\.ru/).waitFor();
    await checkPage(page, 'login', 'login-errors');

    // A well-formed attempt reaches the server; whatever it answers is shown, never a fake success.
    await email.fill('nobody@example.org');
    await password.fill('not-the-password');
    await page.getByRole('button', { name: 'Войти', exact: true }).click();
    await page.getByTestId('login-error').waitFor();
    assert.ok((await page.getByTestId('login-error').innerText()).length > 10);
    assert.match(page.url(), /\/login$/);
    await checkPage(page, 'login', 'login-answer');
    assert.deepEqual(problems, []);
    await context.close();
  });
});

describe('routing', () => {
  test('an unknown client route shows the not-found page', async () => {
    const { page, context, problems } = await open('/no/such/page');
    await page.getByRole('heading', { level: 1, name: 'Страница не найдена' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'На главную', exact: true }).getAttribute('href'), '/');
    await checkPage(page, 'routing', 'not-found');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a missing asset is a 404, not the SPA', async () => {
    const res = await fetch(`${app.baseUrl}/nope.js`);
    assert.equal(res.status, 404);
    assert.doesNotMatch(res.headers.get('content-type') ?? '', /text\/html/);
    assert.doesNotMatch(await res.text(), /<html/i);
  });

  test('a client route reloads into the SPA', async () => {
    const res = await fetch(`${app.baseUrl}/login`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
  });

  test('the health endpoint answers JSON', async () => {
    const res = await fetch(`${app.baseUrl}/api/v1/health`);
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.status, 'ok');
    assert.match(body.version, /^\d+\.\d+\.\d+/);
  });
});
