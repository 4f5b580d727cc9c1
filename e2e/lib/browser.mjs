// Debian's Chromium driven by playwright-core (never `npx playwright install`).
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';

// See TOOLCHAIN.md "Browser e2e". chromium.launch() gives every browser a fresh temporary
// profile (user-data dir) and removes it on close.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

// A fresh context (cookies, storage) whose browser language is English: the app must still
// start in Russian. `timezoneId`: the browser's own zone (default: the machine's).
export async function newPage(browser, { locale = 'en-US', viewport = { width: 1280, height: 800 }, timezoneId } = {}) {
  const context = await browser.newContext({ locale, viewport, ...(timezoneId ? { timezoneId } : {}) });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text())) {
      problems.push(`console error: ${msg.text()}`);
    }
  });
  return { context, page, problems };
}
