// The first real flow (issue 3), in the browser against the real server, reading the links
// and codes from the outbox as a person reads their email:
// operator (CLI link) → registers an organization → its organizer activates, invites a doctor
// → the doctor activates → the organizer invites himself as a doctor, accepts with his existing
// password and switches between his two roles; a forgotten password by emailed code.
// Every page: axe at phone and desktop width, screenshots.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkPage } from '../lib/check.mjs';
import { useApp } from '../lib/fixtures.mjs';
import { activationLink, sixDigitCode } from '../lib/outbox.mjs';

const OPERATOR = { email: 'operator@oncocenter.test', password: 'operator pass phrase 1' };
const ORGANIZER = { email: 'glavvrach@gkb1.test', password: 'organizer pass phrase 1' };
const DOCTOR = { email: 'ivanova@gkb1.test', password: 'doctor pass phrase 1', newPassword: 'doctor new phrase 22' };
const ORG_NAME = 'Городская клиническая больница № 1';

const { newPage, cli, outboxFiles, waitForEmail, goto, openAccountMenu, logout, login, toast } = useApp();
const person = () => newPage();

async function setNewPassword(page, password) {
  await page.getByLabel('Пароль', { exact: true }).fill(password);
  await page.getByLabel('Повторите пароль').fill(password);
  await page.getByRole('button', { name: 'Активировать и войти' }).click();
}

async function fillPerson(dialog, { email, last, first, middle }) {
  await dialog.getByLabel('Электронная почта').fill(email);
  await dialog.getByLabel('Фамилия').fill(last);
  await dialog.getByLabel('Имя', { exact: true }).fill(first);
  if (middle) await dialog.getByLabel(/^Отчество/).fill(middle);
}


describe('accounts and onboarding', () => {
  test('operator → organization → organizer → doctor → two roles → password reset', async () => {
    // --- The operator account, from the CLI (the same data directory, while the server runs).
    const { stdout } = await cli('operator', 'create', '--email', OPERATOR.email, '--name', 'Смирнов Олег');
    const operatorLink = stdout.match(/https?:\/\/\S+\/activate#token=\S+/)?.[0];
    assert.ok(operatorLink, `the CLI prints an activation link:\n${stdout}`);

    const op = await person();
    await goto(op.page, operatorLink);
    await op.page.getByTestId('invitation').waitFor();
    assert.match(await op.page.getByTestId('invitation').innerText(), /Оператор платформы[\s\S]*operator@oncocenter\.test/);
    await checkPage(op.page, 'accounts', 'activate-operator');
    // Client-side policy: too short, then not the email, then repeat mismatch.
    await op.page.getByLabel('Пароль', { exact: true }).fill('short');
    await op.page.getByRole('button', { name: 'Активировать и войти' }).click();
    await op.page.getByText('Пароль должен быть не короче 8 символов.').waitFor();
    await op.page.getByLabel('Пароль', { exact: true }).fill(OPERATOR.password);
    await op.page.getByLabel('Повторите пароль').fill('something else');
    await op.page.getByRole('button', { name: 'Активировать и войти' }).click();
    await op.page.getByText('Пароли не совпадают.').waitFor();
    await checkPage(op.page, 'accounts', 'activate-errors');
    await setNewPassword(op.page, OPERATOR.password);
    await op.page.waitForURL('**/operator/organizations');
    await op.page.getByTestId('organizations-empty').waitFor();
    await checkPage(op.page, 'accounts', 'organizations-empty');

    // --- Register the organization with its organizer.
    let seen = outboxFiles();
    await op.page.getByRole('button', { name: 'Зарегистрировать организацию' }).click();
    const orgDialog = op.page.locator('#register-organization');
    await orgDialog.getByLabel('Название организации').waitFor();
    await orgDialog.getByRole('button', { name: 'Зарегистрировать', exact: true }).click();
    await orgDialog.getByText('Заполните это поле.').first().waitFor();
    await checkPage(op.page, 'accounts', 'register-organization-errors');
    await orgDialog.getByLabel('Название организации').fill(ORG_NAME);
    await orgDialog.getByLabel('Часовой пояс').selectOption('Asia/Yekaterinburg');
    await fillPerson(orgDialog, { email: ORGANIZER.email, last: 'Петров', first: 'Андрей', middle: 'Сергеевич' });
    await checkPage(op.page, 'accounts', 'register-organization');
    await orgDialog.getByRole('button', { name: 'Зарегистрировать', exact: true }).click();
    await toast(op.page, 'зарегистрирована');
    await op.page.getByTestId('organizations').getByText(ORG_NAME).waitFor();
    assert.match(await op.page.getByTestId('organizations').innerText(), /Петров Андрей Сергеевич[\s\S]*Не активирован/);
    await checkPage(op.page, 'accounts', 'organizations');
    await openAccountMenu(op.page);
    await checkPage(op.page, 'accounts', 'account-menu-operator');
    await logout(op.page);

    // --- The organizer opens his email.
    const organizerMail = await waitForEmail(ORGANIZER.email, { seen });
    const org = await person();
    await goto(org.page, activationLink(organizerMail));
    await org.page.getByTestId('invitation').waitFor();
    assert.match(await org.page.getByTestId('invitation').innerText(), new RegExp(`${ORG_NAME}[\\s\\S]*Организатор[\\s\\S]*Петров Андрей Сергеевич`));
    await setNewPassword(org.page, ORGANIZER.password);
    await org.page.waitForURL('**/admin/staff');
    await org.page.getByTestId('staff').waitFor();
    assert.match(await org.page.getByTestId('current-membership').innerText(), /Организатор/);
    await checkPage(org.page, 'accounts', 'staff');

    // --- Invite a doctor (from the doctors list: the role is fixed).
    await org.page.getByRole('navigation', { name: 'Разделы панели администратора' }).getByRole('link', { name: 'Врачи' }).click();
    await org.page.waitForURL('**/admin/doctors');
    await org.page.getByTestId('staff-empty').waitFor();
    await checkPage(org.page, 'accounts', 'doctors-empty');
    seen = outboxFiles();
    await org.page.getByRole('button', { name: 'Добавить' }).click();
    const invite = org.page.locator('#invite-staff');
    await fillPerson(invite, { email: 'ivanova@gkb1-typo.test', last: 'Иванова', first: 'Мария', middle: 'Петровна' });
    await checkPage(org.page, 'accounts', 'invite-dialog');
    await invite.getByRole('button', { name: 'Отправить приглашение' }).click();
    await toast(org.page, 'Приглашение отправлено');
    const row = org.page.locator('tr', { hasText: 'Иванова Мария Петровна' });
    await row.getByText('Не активирован').waitFor();
    await checkPage(org.page, 'accounts', 'doctors');
    const typoMail = await waitForEmail('ivanova@gkb1-typo.test', { seen });

    // --- The address had a typo: resend to the corrected one; the old link stops working.
    seen = outboxFiles();
    await row.getByRole('button', { name: 'Отправить код активации повторно' }).click();
    const resend = org.page.locator('#staff-action');
    const resendEmail = resend.getByLabel('Электронная почта');
    assert.equal(await resendEmail.inputValue(), 'ivanova@gkb1-typo.test');
    await checkPage(org.page, 'accounts', 'resend-dialog');
    await resendEmail.fill(DOCTOR.email);
    await resend.getByRole('button', { name: 'Отправить', exact: true }).click();
    await toast(org.page, 'отправлен повторно');
    await org.page.locator('tr', { hasText: DOCTOR.email }).waitFor();
    const doctorMail = await waitForEmail(DOCTOR.email, { seen });

    // Search (debounced) on the all-staff list.
    await org.page.getByRole('link', { name: 'Сотрудники' }).click();
    await org.page.waitForURL('**/admin/staff');
    await org.page.getByLabel('Поиск по ФИО или почте').fill('иванова');
    await org.page.waitForFunction(() => document.querySelectorAll('[data-testid="staff"] tbody tr').length === 1);
    await checkPage(org.page, 'accounts', 'staff-search');
    await logout(org.page);

    const stale = await person();
    await goto(stale.page, activationLink(typoMail));
    await stale.page.getByTestId('invitation-invalid').waitFor();
    await checkPage(stale.page, 'accounts', 'activate-invalid');
    await stale.context.close();

    // --- The doctor activates.
    const doc = await person();
    await goto(doc.page, activationLink(doctorMail));
    await doc.page.getByTestId('invitation').waitFor();
    await setNewPassword(doc.page, DOCTOR.password);
    // A doctor starts at "Мониторинг"; his patient list is the next item of his menu.
    await doc.page.waitForURL('**/staff/monitoring');
    await doc.page.getByTestId('monitoring-empty').waitFor();
    await doc.page.getByTestId('staff-menu').getByRole('link', { name: 'Мои пациенты' }).click();
    await doc.page.waitForURL('**/doctor');
    await doc.page.getByTestId('patients-empty').waitFor();
    assert.match(await doc.page.locator('h1').innerText(), /Иванова Мария Петровна/);
    await checkPage(doc.page, 'accounts', 'doctor');
    // A page of another role leads home; a reload keeps the session (refresh cookie).
    await goto(doc.page, '/admin/staff');
    await doc.page.waitForURL('**/staff/monitoring');
    await doc.page.reload();
    await doc.page.getByTestId('monitoring-empty').waitFor();
    await logout(doc.page);
    // Logged out: a staff page asks to log in, and leads back after.
    await goto(doc.page, '/doctor');
    await doc.page.waitForURL(/\/login\?next=%2Fdoctor/);
    await doc.page.getByLabel('Электронная почта').fill(DOCTOR.email);
    await doc.page.getByLabel('Пароль', { exact: true }).fill('wrong password!');
    await doc.page.getByRole('button', { name: 'Войти', exact: true }).click();
    await doc.page.getByTestId('login-error').getByText('Неверный адрес электронной почты или пароль', { exact: false }).waitFor();
    await doc.page.getByLabel('Пароль', { exact: true }).fill(DOCTOR.password);
    await doc.page.getByRole('button', { name: 'Войти', exact: true }).click();
    await doc.page.waitForURL('**/doctor');
    await logout(doc.page);
    await doc.context.close();

    // --- The organizer invites himself as a doctor and accepts with his existing password.
    await login(org.page, ORGANIZER.email, ORGANIZER.password);
    await org.page.waitForURL('**/admin/staff');
    seen = outboxFiles();
    await org.page.getByRole('button', { name: 'Добавить' }).click();
    await invite.getByLabel('Роль').selectOption('doctor');
    await fillPerson(invite, { email: ORGANIZER.email, last: 'Петров', first: 'Андрей', middle: 'Сергеевич' });
    await invite.getByRole('button', { name: 'Отправить приглашение' }).click();
    await toast(org.page, 'Приглашение отправлено');
    const selfMail = await waitForEmail(ORGANIZER.email, { seen });
    await goto(org.page, activationLink(selfMail));
    await org.page.getByText('У вас уже есть аккаунт').waitFor();
    assert.equal(await org.page.getByLabel('Повторите пароль').count(), 0);
    await checkPage(org.page, 'accounts', 'activate-existing');
    await org.page.getByLabel('Пароль вашего аккаунта').fill('not my password');
    await org.page.getByRole('button', { name: 'Принять приглашение' }).click();
    await org.page.getByTestId('activate-error').waitFor();
    await org.page.getByLabel('Пароль вашего аккаунта').fill(ORGANIZER.password);
    await org.page.getByRole('button', { name: 'Принять приглашение' }).click();
    await org.page.waitForURL('**/staff/monitoring');
    assert.match(await org.page.getByTestId('current-membership').innerText(), /Врач/);

    // Both roles in the switcher; switching needs no password.
    await openAccountMenu(org.page);
    const menu = org.page.locator('#account-menu');
    await menu.locator('.account__switch[data-role="organizer"]').waitFor();
    assert.equal(await menu.locator('.account__switch').count(), 2);
    await checkPage(org.page, 'accounts', 'role-switcher');
    await menu.locator('.account__switch[data-role="organizer"]').click();
    await org.page.waitForURL('**/admin/staff');
    assert.match(await org.page.getByTestId('current-membership').innerText(), /Организатор/);
    await openAccountMenu(org.page);
    await menu.locator('.account__switch[data-role="doctor"]').click();
    await org.page.waitForURL('**/staff/monitoring');
    assert.match(await org.page.getByTestId('current-membership').innerText(), /Врач/);
    await logout(org.page);

    // --- A forgotten password: the code from the email.
    seen = outboxFiles();
    const rp = await person();
    await goto(rp.page, '/login');
    await rp.page.getByRole('link', { name: 'Забыли пароль?' }).click();
    await rp.page.waitForURL('**/password-reset');
    await checkPage(rp.page, 'accounts', 'password-reset-email');
    await rp.page.getByLabel('Электронная почта').fill(DOCTOR.email);
    await rp.page.getByRole('button', { name: 'Получить код' }).click();
    await rp.page.getByTestId('code-sent').waitFor();
    const code = sixDigitCode(await waitForEmail(DOCTOR.email, { seen }));
    await rp.page.getByLabel('Проверочный код').fill(code === '000000' ? '111111' : '000000');
    await rp.page.getByLabel('Новый пароль', { exact: true }).fill(DOCTOR.newPassword);
    await rp.page.getByLabel('Повторите новый пароль').fill(DOCTOR.newPassword);
    await rp.page.getByRole('button', { name: 'Сохранить пароль' }).click();
    await rp.page.getByText('Код неверный или устарел', { exact: false }).waitFor();
    await checkPage(rp.page, 'accounts', 'password-reset-code');
    await rp.page.getByLabel('Проверочный код').fill(code);
    await rp.page.getByRole('button', { name: 'Сохранить пароль' }).click();
    await rp.page.getByTestId('reset-done').waitFor();
    await checkPage(rp.page, 'accounts', 'password-reset-done');
    await login(rp.page, DOCTOR.email, DOCTOR.newPassword);
    await rp.page.waitForURL('**/staff/monitoring');

    for (const s of [op, org, rp]) {
      assert.deepEqual(s.problems, []);
      await s.context.close();
    }
  });

  test('deactivation ends the session on the next action; the last organizer stays', async () => {
    // The doctor works in one browser, the organizer in another (the world of the first test).
    const doc = await person();
    await login(doc.page, DOCTOR.email, DOCTOR.newPassword);
    await doc.page.waitForURL('**/staff/monitoring');

    const org = await person();
    await login(org.page, ORGANIZER.email, ORGANIZER.password);
    await org.page.waitForURL(/\/(admin\/staff|staff\/monitoring)$/);
    if (org.page.url().endsWith('/staff/monitoring')) {
      await openAccountMenu(org.page);
      await org.page.locator('#account-menu .account__switch[data-role="organizer"]').click();
      await org.page.waitForURL('**/admin/staff');
    }
    const dialog = org.page.locator('#staff-action');
    const doctorRow = org.page.locator('tr', { hasText: DOCTOR.email });
    await doctorRow.getByRole('button', { name: 'Деактивировать' }).click();
    await checkPage(org.page, 'accounts', 'deactivate-dialog');
    await dialog.getByRole('button', { name: 'Деактивировать' }).click();
    await toast(org.page, 'доступ отключён');
    await doctorRow.getByText('Деактивирован').waitFor();

    // The doctor's next action: the session is over, and the login says why.
    await doc.page.reload();
    await doc.page.waitForURL(/\/login/);
    await doc.page.getByLabel('Электронная почта').fill(DOCTOR.email);
    await doc.page.getByLabel('Пароль', { exact: true }).fill(DOCTOR.newPassword);
    await doc.page.getByRole('button', { name: 'Войти', exact: true }).click();
    await doc.page.getByTestId('login-error').getByText('ваш доступ отключён', { exact: false }).waitFor();
    await checkPage(doc.page, 'accounts', 'login-deactivated');

    // The only active organizer is not offered to deactivate himself, and is told why (ORG-9).
    const selfRow = org.page.locator('tr', { hasText: 'Организатор' }).filter({ hasText: ORGANIZER.email });
    await selfRow.getByTestId('last-organizer-hint').getByText('вы единственный активный организатор').waitFor();
    assert.equal(await selfRow.getByRole('button', { name: 'Деактивировать' }).count(), 0);
    await checkPage(org.page, 'accounts', 'last-organizer');

    // Access returned: the doctor logs in again.
    await doctorRow.getByRole('button', { name: 'Активировать' }).click();
    await dialog.getByRole('button', { name: 'Активировать' }).click();
    await toast(org.page, 'доступ восстановлен');
    await doc.page.getByRole('button', { name: 'Войти', exact: true }).click();
    await doc.page.waitForURL('**/staff/monitoring');

    for (const s of [doc, org]) {
      assert.deepEqual(s.problems.filter((p) => !/401|403|409/.test(p)), []);
      await s.context.close();
    }
  });
});
