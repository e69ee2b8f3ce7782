// Browser test of ./mbo4j lab: opens 00-quickstart.ipynb in JupyterLab with Debian's Chromium (headless), runs all
// cells, and asserts that a rendered chart image and an HTML table are visible. Saves screenshots.
// Usage: node lab.mjs URL TOKEN SCREENSHOT_DIR    (run by scripts/browser_test.sh, which starts and stops the lab)
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [base, token, outDir] = process.argv.slice(2);
const executablePath = process.env.MBO4J_CHROMIUM || '/usr/bin/chromium';
const profile = mkdtempSync(join(tmpdir(), 'mbo4j-chromium-'));
const fail = (msg) => { console.error('browser test: ' + msg); process.exitCode = 1; };

// A fresh profile directory (Chromium's --user-data-dir; Playwright takes it as launchPersistentContext's argument).
const browser = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  viewport: { width: 1400, height: 1000 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = browser.pages()[0] ?? await browser.newPage();
try {
  page.setDefaultTimeout(60_000);
  // ?reset: a fresh workspace, whatever an earlier session left in JupyterLab's workspace store.
  await page.goto(`${base}/lab/tree/00-quickstart.ipynb?reset&token=${token}`);
  await page.locator('.jp-Notebook').first().waitFor();
  // JupyterLab may ask, at any point, which kernel to start (it preselects the notebook's 'Java (mbo4j)'):
  // accept whenever the dialog shows.
  const dialog = page.locator('.jp-Dialog', { hasText: 'Select Kernel' });
  const watcher = setInterval(() => {
    dialog.locator('button.jp-mod-accept').click({ timeout: 1000 }).catch(() => {});
  }, 1000);
  globalThis.mbo4jWatcher = watcher;
  await page.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]').first()
    .waitFor({ timeout: 120_000 }).catch(() => {});
  // Run > Run All Cells, again if a kernel dialog swallowed the first click (done once a prompt shows [*] or [n]),
  // or if the run was lost: jupyter_server can fail the first kernel websocket (500, 'NoneType' object has no
  // attribute 'kernel_ws_protocol'; seen in CI) and JupyterLab reconnects to a new kernel, dropping the queued
  // cells, whose prompts go back to [ ]. The run counts once the first table output appears.
  const started = page.locator('.jp-InputPrompt', { hasText: /\[(\*|\d+)\]/ }).first();
  const table = page.locator('.jp-OutputArea-output table.mbo4j-table').first();
  const chart = page.locator('.jp-OutputArea-output img[src^="data:image/png"]').first();
  for (let attempt = 1; ; attempt++) {
    if (await dialog.isVisible()) await dialog.locator('button.jp-mod-accept').click().catch(() => {});
    await page.locator('.lm-MenuBar-itemLabel', { hasText: /^Run$/ }).click();
    await page.locator('.lm-Menu-itemLabel', { hasText: /^Run All Cells$/ }).click();
    try {
      await started.waitFor({ timeout: 15_000 });
      await table.waitFor({ state: 'attached', timeout: 90_000 }).catch(async (e) => {
        // still running (a prompt shows [*]): slow, not lost; wait longer instead of queueing the cells again
        if (await page.locator('.jp-InputPrompt', { hasText: '[*]' }).count() === 0) throw e;
        await table.waitFor({ state: 'attached', timeout: 180_000 });
      });
      break;
    } catch (e) {
      if (attempt >= 3) throw new Error(`Run All Cells did not produce the dataset table after 3 attempts (${e.message})`);
    }
  }
  await chart.waitFor({ state: 'attached', timeout: 180_000 });
  // Every cell has run when the last code cell shows its output.
  await page.locator('.jp-OutputArea-output', { hasText: 'oracle calls so far: 512' })
    .waitFor({ state: 'attached', timeout: 180_000 });
  const errors = await page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').count();

  await table.scrollIntoViewIfNeeded();
  if (!(await table.isVisible())) fail('the HTML table is not visible');
  const rows = await table.locator('tbody tr').count();
  if (rows !== 11) fail(`the dataset table shows ${rows} rows, expected 5 + ellipsis + 5`);
  const caption = await table.locator('caption').innerText();
  if (!caption.includes('32898 rows')) fail(`table caption '${caption}' lacks the row count 32898`);

  await chart.scrollIntoViewIfNeeded();
  if (!(await chart.isVisible())) fail('the chart image is not visible');
  const size = await chart.evaluate((img) => ({ w: img.naturalWidth, h: img.naturalHeight, done: img.complete }));
  if (!size.done || size.w < 300 || size.h < 200) fail(`the chart image did not decode: ${JSON.stringify(size)}`);
  const images = await page.locator('.jp-OutputArea-output img[src^="data:image/png"]').count();
  if (images < 3) fail(`expected the 3 charts of the quickstart, found ${images}`);

  await page.screenshot({ path: join(outDir, 'lab-quickstart.png') });
  await chart.screenshot({ path: join(outDir, 'lab-quickstart-chart.png') });
  console.log(`browser test: table (${caption}) and ${images} chart images (first ${size.w}×${size.h}) visible; `
    + `${errors} stderr outputs; screenshots in ${outDir}`);
} catch (e) {
  fail(e.message);
  await page.screenshot({ path: join(outDir, 'lab-failure.png') }).catch(() => {});
} finally {
  clearInterval(globalThis.mbo4jWatcher);
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
