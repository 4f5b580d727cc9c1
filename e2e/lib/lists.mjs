// Paging through a list as a person does (issue 12: nobody could get past page 1): "Вперёд"
// to the last page and "Назад" back to the first, asserting at each step that the rows and the
// range ("21–25 из 25") change, that "Назад" is disabled on page 1 and "Вперёд" on the last.
import assert from 'node:assert/strict';

import { checkPage } from './check.mjs';

// Polls `fn` until it returns a truthy value; fails with `what` after `timeoutMs`.
export async function until(fn, what, timeoutMs = 10_000) {
  const start = Date.now();
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() - start > timeoutMs) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// `rows`: a locator of the list's rows. `scope`: where the list's pagination is (a page may
// hold two lists). Returns the number of pages seen.
export async function pageThrough(page, { rows, scope = page, minPages = 2 }) {
  const nav = scope.getByRole('navigation', { name: 'Страницы списка' });
  await nav.waitFor();
  const prev = nav.getByRole('button', { name: 'Назад', exact: true });
  const next = nav.getByRole('button', { name: 'Вперёд', exact: true });
  const range = nav.locator('.pagination__range');
  const texts = async () => (await rows.allInnerTexts()).join('\n');
  await until(async () => (await rows.count()) > 0, 'the first page of rows');
  const firstRange = await range.innerText();
  const m = firstRange.match(/^1–(\d+) из (\d+)$/);
  assert.ok(m, `page 1 range: ${firstRange}`);
  const [perPage, total] = [Number(m[1]), Number(m[2])];
  assert.ok(total > perPage, `more rows (${total}) than a page holds (${perPage})`);
  assert.ok(await prev.isDisabled(), '"Назад" is disabled on page 1');
  assert.ok(await next.isEnabled(), '"Вперёд" is enabled on page 1');
  assert.equal(await rows.count(), perPage, 'page 1 is full');
  const firstRows = await texts();

  // Forward to the last page.
  let pages = 1;
  let shown = firstRows;
  let shownRange = firstRange;
  while (await next.isEnabled()) {
    await next.click();
    pages += 1;
    const from = (pages - 1) * perPage + 1;
    const to = Math.min(pages * perPage, total);
    await until(async () => (await range.innerText()) === `${from}–${to} из ${total}`, `range ${from}–${to} of ${total} (was ${shownRange})`);
    await until(async () => { const t = await texts(); return t !== shown && (await rows.count()) === to - from + 1; }, `the rows of page ${pages}`);
    shown = await texts();
    shownRange = await range.innerText();
    assert.ok(await prev.isEnabled(), `"Назад" is enabled on page ${pages}`);
    assert.ok(pages < 100, 'the pages end');
  }
  assert.ok(pages >= minPages, `${pages} pages`);
  assert.match(shownRange, new RegExp(`–${total} из ${total}$`), 'the last page ends the list');
  assert.ok(await next.isDisabled(), '"Вперёд" is disabled on the last page');

  // Back to the first page.
  while (await prev.isEnabled()) await prev.click();
  await until(async () => (await range.innerText()) === firstRange, 'page 1 again');
  await until(async () => (await texts()) === firstRows, 'the rows of page 1 again');
  assert.ok(await prev.isDisabled());
  return pages;
}

// A list of the `lists` test as a person meets it: its first row shown, the page checked
// (`checkPage`, screenshot `shot`), then paged through. Returns the number of pages seen.
export async function checkList(page, rows, shot, scope = page) {
  await rows.first().waitFor();
  await checkPage(page, 'lists', shot);
  return pageThrough(page, { rows, scope });
}
