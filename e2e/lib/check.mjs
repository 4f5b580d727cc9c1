// For every page a test visits: axe-core at phone and desktop width (no serious or critical
// violation), no horizontal overflow at either width, no Rust source text on the page, and a
// screenshot at each width in e2e/artifacts/<test>-<page>-<width>.png.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';

export const ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');
export const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
];

// Rust source on screen: what a `>` inside a `view!` attribute renders (issue 12).
const RUST_SOURCE = [/move \|/, /\|_\|/, /\.get\(\)/, /\.update\(/, /\bon:[a-z]+\s*=/, /\s=>\s/, /\b[A-Za-z_][A-Za-z0-9_]*::[A-Za-z_]+\(/];

// Fails if the page shows text that looks like Rust source.
export async function assertNoRustSource(page, pageName) {
  const text = await page.evaluate(() => document.body.innerText);
  const found = RUST_SOURCE.filter((re) => re.test(text)).map((re) => `${re}: …${text.slice(Math.max(0, text.search(re) - 60), text.search(re) + 60)}…`);
  assert.deepEqual(found, [], `Rust source rendered on ${pageName}`);
}

// Fails if the page is wider than the viewport (a long word, a broken phone layout).
export async function horizontalOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

export async function checkPage(page, testName, pageName) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const original = page.viewportSize();
  const failures = [];
  for (const vp of VIEWPORTS) {
    await page.setViewportSize({ width: vp.width, height: vp.height });
    // Let layout settle (fonts, media queries, transitions).
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const results = await new AxeBuilder({ page }).analyze();
    for (const v of results.violations) {
      if (v.impact === 'serious' || v.impact === 'critical') {
        const nodes = v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.split('\n').join(' ')}`).join('\n');
        failures.push(`[${vp.width}px] ${v.impact} ${v.id}: ${v.help}\n${nodes}`);
      }
    }
    const file = path.join(ARTIFACTS, `${slug(testName)}-${slug(pageName)}-${vp.width}.png`);
    await page.screenshot({ path: file, fullPage: true });
    // Nothing may be wider than the viewport (a broken phone layout scrolls sideways).
    const overflow = await horizontalOverflow(page);
    if (overflow > 0) failures.push(`[${vp.width}px] page is ${overflow}px wider than the viewport`);
  }
  if (original) await page.setViewportSize(original);
  await assertNoRustSource(page, pageName);
  assert.deepEqual(failures, [], `accessibility/layout problems on ${pageName}:\n${failures.join('\n')}`);
}
