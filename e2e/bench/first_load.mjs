// The first screen on a patient's slow phone (issue 15), a benchmark, not a test (`just bench`,
// scenario `first-load`): the server as built (ONCOCENTER_BIN, default target/debug; the bench
// passes the release one) serving frontend/dist; Chromium with the slow-3G profile of the issue
// through CDP (150 ms latency, 1.6 Mbit/s down, 750 kbit/s up, CPU slowed 4×).
//
// For each of 3 cold loads (a fresh context: empty cache) and 3 warm ones (the same context
// again: the hashed files from its cache), it measures from navigation to:
// - `boot`: the boot screen's text painted (the first contentful paint);
// - `login`: the login form usable (its email field enabled and the app mounted);
// and the bytes that crossed the network. Prints the medians; copy them to docs/benchmarks.md.
import { launchBrowser } from '../lib/browser.mjs';
import { startApp } from '../lib/app.mjs';

const PROFILE = { latency: 150, downloadThroughput: (1.6e6 / 8), uploadThroughput: (750e3 / 8) };
const CPU_SLOWDOWN = 4;
const RUNS = Number(process.env.FIRST_LOAD_RUNS || 3);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function load(page, cdp, url) {
  let bytes = 0;
  const onData = (e) => { bytes += e.encodedDataLength; };
  cdp.on('Network.loadingFinished', onData);
  const t0 = Date.now();
  await page.goto(url, { waitUntil: 'commit' });
  // The first contentful paint: the boot screen's words (or, if the app came first, the form).
  const fcp = await page.evaluate(() => new Promise((resolve) => {
    new PerformanceObserver((list) => {
      const e = list.getEntriesByName('first-contentful-paint')[0];
      if (e) resolve(e.startTime);
    }).observe({ type: 'paint', buffered: true });
  }));
  await page.locator('#login-email, input[type="email"]').first().waitFor({ state: 'visible', timeout: 120_000 });
  const login = Date.now() - t0;
  cdp.off('Network.loadingFinished', onData);
  return { boot: fcp, login, bytes };
}

const app = await startApp();
const browser = await launchBrowser();
const cold = [];
const warm = [];
try {
  for (let i = 0; i < RUNS; i += 1) {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'ru-RU' });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, ...PROFILE });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    cold.push(await load(page, cdp, `${app.baseUrl}/login`));
    warm.push(await load(page, cdp, `${app.baseUrl}/login`));
    await context.close();
  }
} finally {
  await browser.close();
  await app.stop();
}
const line = (name, runs) => {
  const ms = (k) => median(runs.map((r) => r[k] ?? Infinity));
  console.log(`${name}: boot screen painted ${Math.round(ms('boot'))} ms, login form usable ${ms('login')} ms, ` +
    `${Math.round(median(runs.map((r) => r.bytes)) / 1024)} KiB over the network (median of ${runs.length})`);
};
line('cold (empty cache)', cold);
line('warm (cached)', warm);
