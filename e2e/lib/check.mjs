// For every page a test visits: axe-core at phone and desktop width (no serious or critical
// violation) and a screenshot at each width in e2e/artifacts/<test>-<page>-<width>.png.
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
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) failures.push(`[${vp.width}px] page is ${overflow}px wider than the viewport`);
  }
  if (original) await page.setViewportSize(original);
  assert.deepEqual(failures, [], `accessibility/layout problems on ${pageName}:\n${failures.join('\n')}`);
}
