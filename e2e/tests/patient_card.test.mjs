// The organizer's patient list and card (issue 14), in the browser against the real server:
// - filters: "Не хватает согласий", a doctor, a status — each narrows the list, together too;
// - a click on the row (not on a control) opens the card page; its facts and consents;
// - the row's six actions live in one "Действия" menu: it opens, Escape closes it;
// - the card page offers the same actions: "Врачи" saves and the card shows the doctor;
// - on a 360 px phone: the list as cards with the menu, the card page.
// Every page: axe at phone and desktop width, screenshots in e2e/artifacts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkPage } from '../lib/check.mjs';
import { DEMO, useApp } from '../lib/fixtures.mjs';

const { password: PASSWORD, organizer: ORGANIZER } = DEMO;
const TEST = 'patient-card';
const { newPage, goto, login, toast } = useApp({ seed: 'demo' });

const rowsOf = (p) => p.getByTestId('patients').locator('tbody tr');
async function rowCount(p, n) {
  await p.waitForFunction((n) => document.querySelectorAll('[data-testid="patients"] tbody tr').length === n, n);
}

describe("the organizer's patient list and card", () => {
  test('filters, a row opens the card, the actions in one menu', async () => {
    const org = await newPage();
    const p = org.page;
    await login(p, ORGANIZER, PASSWORD);
    await p.waitForURL('**/admin/staff');
    await goto(p, '/admin/patients');
    await rowCount(p, 4);

    // --- Filters, one by one and together.
    const missing = p.getByLabel('Не хватает согласий');
    await missing.check();
    await rowCount(p, 1);
    assert.match(await rowsOf(p).first().innerText(), /Кравченко/);
    await missing.uncheck();
    await rowCount(p, 4);
    await p.getByLabel('Врач', { exact: true }).selectOption({ label: 'Смирнова Ольга Викторовна' });
    await rowCount(p, 1);
    assert.match(await rowsOf(p).first().innerText(), /Морозов/);
    await p.getByLabel('Статус', { exact: true }).selectOption({ label: 'Деактивирован' });
    await p.getByTestId('patients-empty').getByText('Никого не нашли').waitFor();
    await checkPage(p, TEST, 'list-filtered-empty');
    await p.getByLabel('Статус', { exact: true }).selectOption({ label: 'Все' });
    await p.getByLabel('Врач', { exact: true }).selectOption({ label: 'Все врачи' });
    await rowCount(p, 4);

    // --- The actions in one menu: open it, read it, Escape closes it.
    const row = rowsOf(p).filter({ hasText: 'Васильев' });
    const menu = row.getByTestId('row-actions');
    await menu.locator('summary').click();
    const items = await menu.locator('.row-menu__list').getByRole('button').allInnerTexts();
    assert.deepEqual(items.slice(0, 2), ['Изменить', 'Отправить приглашение']);
    assert.ok(items.includes('Врачи') && items.includes('Представители') && items.includes('Деактивировать'), items.join(', '));
    await menu.getByRole('link', { name: 'Аудит' }).waitFor();
    await checkPage(p, TEST, 'row-menu');
    await p.keyboard.press('Escape');
    assert.equal(await menu.evaluate((d) => d.open), false, 'Escape closes the menu');

    // --- A click on the row (its doctors cell, not a control) opens the card.
    await row.locator('td').nth(2).click();
    await p.waitForURL('**/admin/patients/*');
    const header = p.getByTestId('admin-patient-header');
    await header.getByRole('heading', { name: 'Васильев Николай Петрович' }).waitFor();
    await p.getByText('+7 916 555-01-01').waitFor();
    const consents = p.getByTestId('card-consents');
    assert.equal(await consents.locator('li[data-given="true"]').count(), 3);
    await checkPage(p, TEST, 'card');

    // --- The same actions on the card page: his doctors.
    await p.getByTestId('card-actions').getByRole('button', { name: 'Врачи' }).click();
    const dialog = p.locator('#patient-action');
    await dialog.getByLabel(/Смирнова Ольга Викторовна/).check();
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await toast(p, 'лечащие врачи сохранены');
    await p.getByText('Петров Иван Ильич, Смирнова Ольга Викторовна').waitFor();

    // --- Back to the list; the card without consents says which are missing.
    await p.getByRole('link', { name: '← К списку пациентов' }).click();
    await p.waitForURL('**/admin/patients');
    await rowsOf(p).filter({ hasText: 'Кравченко' }).getByTestId('open-card').click();
    await p.getByTestId('card-consents').locator('li[data-given="false"]').first().waitFor();
    assert.equal(await p.getByTestId('card-consents').locator('li[data-given="false"]').count(), 3);
    assert.deepEqual(org.problems, [], 'no page or console errors');
    await org.context.close();

    // --- A 360 px phone: the list's cards with their menu, and the card page.
    const phone = await newPage({ viewport: { width: 360, height: 740 } });
    const m = phone.page;
    await login(m, ORGANIZER, PASSWORD);
    await m.waitForURL('**/admin/staff');
    await goto(m, '/admin/patients');
    await rowCount(m, 4);
    const first = rowsOf(m).first();
    await first.getByTestId('row-actions').locator('summary').click();
    await first.getByTestId('row-actions').getByRole('button', { name: 'Изменить' }).waitFor();
    await checkPage(m, TEST, 'phone-row-menu');
    await m.keyboard.press('Escape');
    await first.getByTestId('open-card').click();
    await m.getByTestId('admin-patient-header').waitFor();
    await checkPage(m, TEST, 'phone-card');
    assert.deepEqual(phone.problems, [], 'no page or console errors');
    await phone.context.close();
  });
});
