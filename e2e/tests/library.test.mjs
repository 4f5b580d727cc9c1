// The questionnaire library and the monitoring settings (issue 6, MON-1 and MON-5) in the
// browser against the real server (`oncocenter demo-seed`):
// - the organizer opens the library: the four built-in templates; ESAS-r read-only; "copy and
//   edit" as `esas_custom`; the editor shows a bad item code at its field; one item removed;
//   saved as version 2; the library lists v2;
// - the organization's monitoring settings: the temperature threshold 37.8 and a duty doctor,
//   saved and still there after a reload; an escalation limit of 1 minute is refused at its
//   field;
// - doctor1 opens the library from his menu, and his patient's monitoring rules: the
//   organization's 37.8 beside his own 37.5 for this patient; the assistant sees them
//   read-only.
// Every page: axe at phone and desktop width, screenshots in e2e/artifacts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkPage } from '../lib/check.mjs';
import { DEMO, useApp } from '../lib/fixtures.mjs';
import { adminSection, openMyPatient as openPatient } from '../lib/ui.mjs';

const { password: PASSWORD, organizer: ORGANIZER, doctor1: DOCTOR1, assistant: ASSISTANT } = DEMO;

const { newPage, goto, login, toast, openAccountMenu } = useApp({ seed: 'demo' });

function libraryRow(page, code) {
  return page.getByTestId('library').locator(`tr[data-questionnaire="${code}"]`);
}

describe('questionnaire library and monitoring settings', () => {
  test('organizer copies ESAS-r into a new version; sets thresholds and the duty doctor; doctor overrides for a patient', async () => {
    const org = await newPage();
    const p = org.page;
    await login(p, ORGANIZER, PASSWORD);
    await p.waitForURL('**/admin/staff');

    // --- The library: the four built-in templates.
    await adminSection(p, 'Библиотека анкет');
    await p.waitForURL('**/admin/questionnaires');
    await p.getByTestId('library').waitFor();
    const builtIns = p.getByTestId('library').locator('tbody tr', { has: p.getByText('Встроенная', { exact: true }) });
    assert.equal(await builtIns.count(), 4, 'ECOG, ESAS-r, pain and the vitals diary');
    for (const code of ['ecog', 'esas_r', 'pain', 'vitals']) {
      await libraryRow(p, code).waitFor();
    }
    await libraryRow(p, 'vitals').getByText('Дневник', { exact: true }).waitFor();
    await libraryRow(p, 'esas_r').getByText('v1', { exact: true }).waitFor();
    await checkPage(p, 'library', 'list');

    // --- ESAS-r read-only: nine 0–10 items; a built-in only offers "copy and edit".
    await libraryRow(p, 'esas_r').getByRole('link').click();
    await p.waitForURL(/\/admin\/questionnaires\/[0-9a-f-]+$/);
    await p.getByRole('heading', { name: 'Симптомы (ESAS-r)' }).waitFor();
    const items = p.getByTestId('questionnaire-items').locator(':scope > li');
    assert.equal(await items.count(), 9);
    await items.first().getByText('Шкала 0–10').waitFor();
    assert.equal(await p.getByRole('link', { name: 'Изменить', exact: true }).count(), 0, 'a built-in is not edited');
    await checkPage(p, 'library', 'esas-r');

    // --- Copy under a new code: a bad code first.
    await p.getByRole('button', { name: 'Скопировать и изменить' }).click();
    const dialog = p.locator('#questionnaire-action');
    await dialog.getByTestId('copy-form').waitFor();
    await dialog.getByLabel('Код копии').fill('ESAS custom');
    await dialog.getByRole('button', { name: 'Создать копию' }).click();
    await dialog.getByText(/латинские строчные буквы/).waitFor();
    await checkPage(p, 'library', 'copy-dialog');
    await dialog.getByLabel('Код копии').fill('esas_custom');
    await dialog.getByRole('button', { name: 'Создать копию' }).click();
    await toast(p, 'Копия создана: esas_custom');
    await p.waitForURL(/\/admin\/questionnaires\/[0-9a-f-]+\/edit$/);
    const editor = p.getByTestId('questionnaire-editor');
    await editor.waitFor();
    await p.getByText('Сохранение создаст версию 2').waitFor();
    const editItems = p.getByTestId('editor-items').locator(':scope > li');
    assert.equal(await editItems.count(), 9);
    await checkPage(p, 'library', 'editor');

    // --- The rules of common, at their fields: a bad code, and the warning about codes.
    const firstCode = editItems.first().getByLabel('Код вопроса');
    await firstCode.fill('Esas pain');
    await editItems.first().getByTestId('code-changed').waitFor();
    await p.getByRole('button', { name: 'Сохранить новую версию' }).click();
    await p.getByTestId('error-summary').waitFor();
    await editItems.first().getByText(/Код: от 2 до 64 символов/).waitFor();
    assert.equal(await firstCode.getAttribute('aria-invalid'), 'true');
    await checkPage(p, 'library', 'editor-errors');
    await firstCode.fill('esas.pain');
    assert.equal(await editItems.first().getByTestId('code-changed').count(), 0);

    // --- Remove the last item (wellbeing), save: version 2.
    await p.getByRole('button', { name: 'Удалить вопрос 9' }).click();
    assert.equal(await editItems.count(), 8);
    await p.getByRole('button', { name: 'Сохранить новую версию' }).click();
    await toast(p, 'версия 2');
    await p.waitForURL(/\/admin\/questionnaires\/[0-9a-f-]+$/);
    await p.getByTestId('questionnaire-version').filter({ hasText: 'v2' }).waitFor();
    assert.equal(await p.getByTestId('questionnaire-items').locator(':scope > li').count(), 8);
    assert.equal(await p.locator('[data-item="esas.wellbeing"]').count(), 0);
    // Version 1 is still there, with its nine items.
    await p.getByLabel('Показать версию').selectOption('1');
    await p.getByTestId('older-version').waitFor();
    assert.equal(await p.getByTestId('questionnaire-items').locator(':scope > li').count(), 9);
    await checkPage(p, 'library', 'esas-custom-v2');
    await adminSection(p, 'Библиотека анкет');
    await libraryRow(p, 'esas_custom').getByText('v2', { exact: true }).waitFor();
    assert.equal(await libraryRow(p, 'esas_custom').getByText('Встроенная').count(), 0);

    // --- Monitoring settings: 37.8 °C and a duty doctor.
    await adminSection(p, 'Мониторинг');
    await p.waitForURL('**/admin/monitoring');
    const settings = p.getByTestId('monitoring-settings');
    await settings.waitFor();
    const temp = p.getByTestId('rule-temp_high');
    assert.equal(await temp.getByLabel('Порог').inputValue(), '38');
    await p.getByTestId('rules').getByText(/и выше/).first().waitFor();
    // The organization's words for each action (issue 14); the emergency one is 103 / 112's.
    await p.locator('#settings-advice-emergency-ru').waitFor();
    assert.match(await p.locator('#settings-advice-call_clinic-ru').inputValue(), /любое время суток/);
    await p.getByTestId('no-phones').waitFor();
    await checkPage(p, 'library', 'monitoring');
    await temp.getByLabel('Порог').fill('37.8');
    await temp.getByText('Сигнал при значении 37,8 °C и выше').waitFor();
    await p.getByLabel('Дежурный врач').selectOption({ label: 'Петров Иван Ильич' });
    await p.getByLabel(/Срок подтверждения/).fill('90');
    await p.getByTestId('escalation-words').filter({ hasText: '1 ч 30 мин' }).waitFor();
    await p.getByRole('button', { name: 'Сохранить', exact: true }).click();
    await toast(p, 'Настройки мониторинга сохранены');
    await p.reload();
    await settings.waitFor();
    assert.equal(await p.getByTestId('rule-temp_high').getByLabel('Порог').inputValue(), '37.8');
    const covering = p.locator('#settings-covering');
    await covering.waitFor();
    assert.equal(await covering.locator('option:checked').textContent(), 'Петров Иван Ильич');
    assert.equal(await p.getByLabel(/Срок подтверждения/).inputValue(), '90');

    // --- An escalation limit of 1 minute is refused at its field; nothing is saved.
    await p.getByLabel(/Срок подтверждения/).fill('1');
    await p.getByRole('button', { name: 'Сохранить', exact: true }).click();
    await p.getByTestId('error-summary').waitFor();
    await p.locator('#settings-escalation-error').filter({ hasText: 'От 5 минут до 7 суток' }).waitFor();
    assert.equal(await p.locator('#settings-escalation').getAttribute('aria-invalid'), 'true');
    await checkPage(p, 'library', 'monitoring-errors');
    await p.reload();
    await settings.waitFor();
    assert.equal(await p.getByLabel(/Срок подтверждения/).inputValue(), '90', 'the refused value was not saved');
    await org.context.close();

    // --- doctor1: the library from his menu (his copy is there), and his patient's rules.
    const doc = await newPage();
    const d = doc.page;
    await login(d, DOCTOR1, PASSWORD);
    await d.waitForURL('**/staff/monitoring');
    await openAccountMenu(d);
    await d.getByTestId('library-link').click();
    await d.waitForURL('**/staff/questionnaires');
    await libraryRow(d, 'esas_custom').waitFor();
    await d.getByRole('link', { name: 'Новая анкета' }).waitFor();
    await checkPage(d, 'library', 'doctor-list');

    // --- A new questionnaire of his own: a choice, and a number shown only after "yes".
    await d.getByRole('link', { name: 'Новая анкета' }).click();
    await d.waitForURL('**/staff/questionnaires/new');
    const form = d.getByTestId('questionnaire-editor');
    await form.waitFor();
    await form.getByLabel('Код анкеты').fill('follow_up');
    await form.getByLabel('Название на русском').fill('Контрольный опрос');
    const rows = d.getByTestId('editor-items').locator(':scope > li');
    const fever = rows.nth(0);
    await fever.getByLabel('Код вопроса').fill('fu.fever');
    await fever.getByLabel('Тип ответа').selectOption('single_choice');
    await fever.getByLabel('Текст на русском').first().fill('Была ли температура?');
    const yes = fever.locator('.q-option-row').nth(0);
    await yes.getByLabel('Код варианта').fill('yes');
    await yes.getByLabel('Текст на русском').fill('Да');
    await fever.getByRole('button', { name: 'Добавить вариант' }).click();
    const no = fever.locator('.q-option-row').nth(1);
    await no.getByLabel('Код варианта').fill('no');
    await no.getByLabel('Текст на русском').fill('Нет');
    await d.getByRole('button', { name: 'Добавить вопрос' }).click();
    const temp2 = rows.nth(1);
    await temp2.getByLabel('Код вопроса').fill('fu.temp');
    await temp2.getByLabel('Тип ответа').selectOption('number');
    await temp2.getByLabel('Текст на русском').first().fill('Максимальная температура');
    await temp2.getByLabel(/^Единица/).fill('°C');
    await temp2.getByLabel(/^Минимум/).fill('42');
    await temp2.getByLabel(/^Максимум/).fill('35');
    await temp2.getByLabel('Знаков после запятой').selectOption('1');
    await temp2.getByLabel('Показывать вопрос').selectOption({ label: '1. Была ли температура?' });
    await temp2.getByLabel('Да', { exact: true }).check();
    await d.getByRole('button', { name: 'Создать анкету' }).click();
    await d.getByTestId('error-summary').getByText('Вопрос 2: Максимум').waitFor();
    await temp2.getByText('Максимум меньше минимума.').waitFor();
    await checkPage(d, 'library', 'new-errors');
    await temp2.getByLabel(/^Минимум/).fill('35');
    await temp2.getByLabel(/^Максимум/).fill('42');
    await d.getByRole('button', { name: 'Создать анкету' }).click();
    await toast(d, 'версия 1');
    await d.waitForURL(/\/staff\/questionnaires\/[0-9a-f-]+$/);
    await d.getByRole('heading', { name: 'Контрольный опрос' }).waitFor();
    const shown = d.locator('[data-item="fu.temp"]');
    await shown.getByText('Показывается, только если в вопросе «Была ли температура?» выбрано «Да».').waitFor();
    await shown.getByText('единица: °C · от 35 до 42 · знаков после запятой: 1').waitFor();
    await d.locator('[data-item="fu.fever"]').getByRole('list', { name: 'Варианты ответа' }).getByText('Нет', { exact: true }).waitFor();
    await checkPage(d, 'library', 'new-questionnaire');

    await goto(d, '/doctor');
    await openPatient(d, 'Васильев');
    await d.getByRole('link', { name: 'Правила мониторинга' }).click();
    const panel = d.getByTestId('patient-rules');
    await panel.getByTestId('patient-rule-rows').waitFor();
    const row = panel.getByTestId('prule-temp_high');
    await row.getByText('≥ 37,8 °C').waitFor();
    await row.getByText('Как в организации').waitFor();
    await checkPage(d, 'library', 'patient-rules');
    await row.getByRole('button', { name: /Изменить для пациента/ }).click();
    await row.getByLabel('Порог').fill('37.5');
    await row.getByText('Сигнал при значении 37,5 °C и выше').waitFor();
    await panel.getByLabel('Часовой пояс пациента').selectOption('Asia/Yekaterinburg');
    await checkPage(d, 'library', 'patient-rules-edit');
    await panel.getByRole('button', { name: 'Сохранить правила пациента' }).click();
    await toast(d, 'Правила пациента сохранены');
    await d.reload();
    await panel.getByTestId('patient-rule-rows').waitFor();
    assert.equal(await panel.getByTestId('prule-temp_high').getByLabel('Порог').inputValue(), '37.5');
    assert.equal(await panel.getByLabel('Часовой пояс пациента').inputValue(), 'Asia/Yekaterinburg');
    await doc.context.close();

    // --- The assistant reads the library and the patient's rules, changes neither.
    const asst = await newPage();
    const a = asst.page;
    await login(a, ASSISTANT, PASSWORD);
    await a.waitForURL('**/assistant/patients');
    await goto(a, '/staff/questionnaires');
    await a.getByTestId('library-readonly').waitFor();
    assert.equal(await a.getByRole('link', { name: 'Новая анкета' }).count(), 0);
    await goto(a, '/assistant/patients');
    await openPatient(a, 'Васильев');
    await a.getByRole('link', { name: 'Правила мониторинга' }).click();
    const ro = a.getByTestId('patient-rules');
    await ro.getByTestId('prule-temp_high').getByText('≥ 37,5 °C').waitFor();
    await ro.getByTestId('patient-zone').filter({ hasText: 'Екатеринбург (UTC+5)' }).waitFor();
    assert.equal(await ro.getByRole('button', { name: /Сохранить/ }).count(), 0);
    assert.equal(await ro.getByRole('button', { name: /Изменить для пациента/ }).count(), 0);
    await checkPage(a, 'library', 'assistant-rules');
    await asst.context.close();

    assert.deepEqual([...org.problems, ...doc.problems, ...asst.problems], []);
  });
});
