// Steps every browser test repeats, bound to one running app: navigation, login/logout as a
// person does it, and waiting for a toast.
export function ui(app) {
  async function goto(page, url) {
    await page.goto(url.startsWith('http') ? url : app.baseUrl + url);
    await page.locator('header.app-header').waitFor();
  }

  async function openAccountMenu(page) {
    const button = page.locator('.account__button');
    if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
    await page.locator('#account-menu').waitFor();
  }

  async function logout(page) {
    await openAccountMenu(page);
    await page.getByRole('button', { name: 'Выйти' }).click();
    await page.waitForURL(`${app.baseUrl}/`);
    await page.locator('.hero').waitFor();
    await page.locator('.account__button').waitFor({ state: 'detached' });
  }

  async function login(page, email, password) {
    await goto(page, '/login');
    await page.getByLabel('Электронная почта').fill(email);
    await page.getByLabel('Пароль', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Войти', exact: true }).click();
  }

  async function toast(page, text) {
    await page.getByTestId('toast').filter({ hasText: text }).first().waitFor();
  }

  return { goto, openAccountMenu, logout, login, toast };
}

// A section of the organizer's admin panel, by its link in the panel's navigation.
export async function adminSection(page, name) {
  await page.getByRole('navigation', { name: 'Разделы панели администратора' }).getByRole('link', { name, exact: true }).click();
}

// The bottom bar's short name of a tab whose desktop name is longer.
const PHONE_TAB = { 'Ввод данных': 'Показатели', 'Data entry': 'Readings' };

// A tab of the patient's cabinet, by its link in the cabinet's navigation: the row of tabs on a
// wider screen; on a phone the bottom bar, or its "Ещё" sheet for the other tabs.
export async function cabinetTab(page, name) {
  const nav = page.getByRole('navigation', { name: 'Разделы личного кабинета' });
  if (!(await page.locator('nav.tabbar').isVisible())) {
    await nav.getByRole('link', { name }).click();
    return;
  }
  const label = PHONE_TAB[name] ?? name;
  const direct = nav.locator('.tabbar__items').getByRole('link', { name: label });
  if (await direct.count()) {
    await direct.click();
    return;
  }
  await nav.getByTestId('tab-more').click();
  await nav.locator('#cabinet-more').getByRole('link', { name: label }).click();
}

// From the doctor's or assistant's "my patients" list, the card of the patient `last`.
export async function openMyPatient(page, last) {
  const row = page.getByTestId('my-patients').locator('tr', { hasText: last });
  await row.getByRole('link', { name: /Открыть карту/ }).click();
  await page.waitForURL('**/staff/patients/*');
  await page.getByTestId('patient-header').waitFor();
}

// A row's action kept in its "Действия" menu (the organizer's patient list): open it, choose.
export async function rowAction(row, name) {
  const menu = row.getByTestId('row-actions');
  await menu.locator('summary').click();
  await menu.getByRole('button', { name, exact: typeof name === 'string' }).click();
}

// A tab of the staff patient page ("Обзор", "Показатели", "Ответы", "Медкарта", …): open it and
// wait until it is the current one.
export async function patientTab(page, name) {
  const tab = page.getByRole('navigation', { name: /Разделы карты пациента|Patient record sections/ }).getByRole('link', { name, exact: true });
  await tab.click();
  await page.waitForFunction((n) => [...document.querySelectorAll('.tabs__tab[aria-current="page"]')].some((t) => t.textContent.trim() === n), name);
}
