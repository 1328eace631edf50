// Browser end-to-end tests of the HTML view, in Debian's headless Chromium via playwright-core.
//
// Usage: node e2e.mjs PAGES_DIR SHOTS_DIR
//   PAGES_DIR holds html-basic.html, html-hostile.html and, when the repository has its own map,
//   own-map.html (tests/e2e/run.sh generates them). Screenshots and a PDF go to SHOTS_DIR.
// Every page is opened from file:// with every non-file request aborted and recorded: the page
// must need nothing from the network, raise no error, and run no script but its own.

import { chromium } from 'playwright-core';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [pagesDir, shotsDir] = process.argv.slice(2).map((p) => resolve(p));
if (!pagesDir || !shotsDir) {
  console.error('usage: node e2e.mjs PAGES_DIR SHOTS_DIR');
  process.exit(2);
}
mkdirSync(shotsDir, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});

let failures = 0;
const results = [];
async function test(name, body) {
  const started = Date.now();
  try {
    await body();
    results.push(`ok    ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    failures += 1;
    results.push(`FAIL  ${name}\n      ${String(error && error.stack || error).split('\n').slice(0, 4).join('\n      ')}`);
  }
  console.log(results[results.length - 1]);
}
function check(condition, message) {
  if (!condition) throw new Error(message);
}
function equal(actual, expected, message) {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${message}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

/** Opens a page in a fresh context and records everything that must not happen. `bypassCSP`
 * lets axe-core's script in (the page's policy admits only its own script, by hash). */
async function open(file, { hash = '', viewport = { width: 1280, height: 800 }, bypassCSP = false } = {}) {
  const context = await browser.newContext({ viewport, reducedMotion: 'reduce', bypassCSP });
  const trouble = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    trouble.push(`network request: ${url}`);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('dialog', (dialog) => {
    trouble.push(`dialog (${dialog.type()}): ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  page.on('pageerror', (error) => trouble.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') trouble.push(`console ${message.type()}: ${message.text()}`);
  });
  const url = pathToFileURL(join(pagesDir, file)).href + hash;
  await page.goto(url);
  await page.waitForSelector('html[data-cg-ready]', { timeout: 10000 });
  return { context, page, trouble, url };
}
async function done({ context, trouble }) {
  await context.close();
  equal(trouble, [], 'nothing went wrong in the page');
}

const panelTitle = (page) => page.locator('#cg-panel h2').textContent();
// Waits (up to 5 s) until the URL fragment names claim `id` and the panel shows that claim; the
// caller's assertions then report what was shown if it never did. The panel follows the
// fragment on `hashchange`, a task after the fragment changes, so waiting for the fragment
// alone raced (it failed once in CI).
const panelOpens = (page, id) => page.waitForFunction((want) => {
  const shown = document.querySelector('#cg-panel .cg-id code');
  return decodeURIComponent(location.hash.slice(1)) === want && shown && shown.textContent === want;
}, id, { timeout: 5000 }).catch(() => {});
const opacity = (page, id) => page.evaluate((id) => Number(getComputedStyle(document.getElementById(id)).opacity), id);
const viewBox = (page) => page.evaluate(() => document.querySelector('#cg-diagram svg').getAttribute('viewBox').split(' ').map(Number));
/** Whether the element's box lies inside the diagram's visible area. */
const inView = (page, id) => page.evaluate((id) => {
  const r = document.getElementById(id).getBoundingClientRect();
  const d = document.getElementById('cg-diagram').getBoundingClientRect();
  return r.left >= d.left - 1 && r.right <= d.right + 1 && r.top >= d.top - 1 && r.bottom <= d.bottom + 1;
}, id);
async function firstPaint(page) {
  return page.evaluate(() => new Promise((resolve) => {
    const report = (paint) => {
      const nav = performance.getEntriesByType('navigation')[0];
      resolve({ fcp: paint ? paint.startTime : null, load: nav ? nav.loadEventEnd : null });
    };
    new PerformanceObserver((list, observer) => {
      const paint = list.getEntries().find((e) => e.name === 'first-contentful-paint');
      if (paint) { observer.disconnect(); report(paint); }
    }).observe({ type: 'paint', buffered: true });
    setTimeout(() => report(null), 5000);
  }));
}
const measurements = [];

const axeScript = join(dirname(fileURLToPath(import.meta.url)), 'node_modules/axe-core/axe.min.js');
/** axe-core's violations on the page as it is now: [{id, impact, targets}]. */
async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: axeScript });
  return page.evaluate(async () => {
    const result = await window.axe.run(document);
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, count: v.nodes.length, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
}
/** The last part of a claim's name: the line under its text (id and badges). */
const shownLine = (name) => name.slice(name.lastIndexOf('. ') + 2);
/** The CSS pixel size of claim text (the largest font in the first claim box) as drawn now. */
const claimFontPx = (page) => page.evaluate(() => {
  const g = document.querySelector('#cg-diagram g.cg-claim');
  const sizes = Array.from(g.querySelectorAll('text')).map((t) => Number(t.getAttribute('font-size')) * t.getScreenCTM().a);
  return Math.max(...sizes);
});
/** Whether the element is shown, with its whole box inside the window. */
const inWindow = (page, selector) => page.evaluate((selector) => {
  const el = document.querySelector(selector);
  if (!el) return false;
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight;
}, selector);

await test('basic: a click opens the panel with the claim, its evidence in context and its relations', async () => {
  const s = await open('html-basic.html');
  const { page } = s;
  measurements.push({ page: 'html-basic.html', bytes: statSync(join(pagesDir, 'html-basic.html')).size, ...(await firstPaint(page)) });
  equal(await page.locator('#cg-status').textContent(), 'check: clean', 'the header shows the check summary');
  check(await page.locator('#cg-panel').isHidden(), 'the panel starts closed');
  await page.screenshot({ path: join(shotsDir, 'basic-closed.png') });

  await page.locator('[id="claim-safer"]').click();
  await page.locator('#cg-panel').waitFor({ state: 'visible' });
  equal(await panelTitle(page), 'The lanes made the road safer for cyclists.', 'panel title');
  equal(await page.locator('#cg-panel .cg-id code').textContent(), 'safer', 'panel id');
  equal(await page.locator('#cg-panel .cg-note').textContent(), 'One year of data only; the committee itself is cautious.', 'note');
  equal(await page.locator('#cg-panel .cg-taglist button').allTextContents(), ['safety'], 'tags');
  const items = page.locator('#cg-panel .cg-evidence-item');
  equal(await items.count(), 2, 'evidence items');
  equal(await items.nth(0).locator('.cg-stance').textContent(), 'supports', 'first stance');
  equal(await items.nth(1).locator('.cg-stance').textContent(), 'contradicts', 'second stance');
  equal(await items.nth(0).locator('mark').textContent(), 'Collisions involving cyclists on Harbour Road fell from 14 to 6', 'highlighted quote');
  const quote = await items.nth(0).locator('blockquote').textContent();
  check(quote.includes('fell from 14 to 6 over the same period.'), `the quote stands in its context: ${quote}`);
  const cite = await items.nth(0).locator('.cg-cite').textContent();
  for (const part of ['Report of the Transport Committee', 'Transport Committee', 'City Council', '2023-03', 'council-report.txt, line 7']) {
    check(cite.includes(part), `the citation has "${part}": ${cite}`);
  }
  equal(await page.locator('#cg-panel .cg-cite a').first().getAttribute('href'), 'https://example.org/council/transport-2023.pdf', 'link to the original');
  equal(await page.evaluate(() => location.hash), '#safer', 'the URL names the open claim');
  equal(await page.locator('#cg-panel dd').nth(0).locator('a').allTextContents(), ['The Harbour Road cycle lanes should stay. keep-lanes'], 'supports');
  await page.screenshot({ path: join(shotsDir, 'basic-panel.png') });

  // Follow a relation: the panel switches, the diagram centres the target.
  await page.locator('#cg-panel a[data-claim="keep-lanes"]').click();
  await panelOpens(page, 'keep-lanes');
  equal(await panelTitle(page), 'The Harbour Road cycle lanes should stay.', 'panel after following the link');
  equal(await page.locator('#cg-panel dd').nth(2).locator('a').count(), 4, 'supported by four claims');
  equal(await page.locator('#cg-panel dd').nth(3).locator('a[data-claim]').evaluateAll((l) => l.map((a) => a.dataset.claim)), ['shops-suffer', 'buses-slower'], 'contradicted by');
  await page.waitForTimeout(100);
  check(await inView(page, 'claim-keep-lanes'), 'the target claim is in view');
  check(await page.locator('[id="claim-keep-lanes"]').evaluate((g) => g.classList.contains('cg-selected')), 'the target is marked selected');

  // The back button returns to the previous claim; Esc closes.
  await page.goBack();
  await panelOpens(page, 'safer');
  equal(await panelTitle(page), 'The lanes made the road safer for cyclists.', 'panel after going back');
  await page.keyboard.press('Escape');
  check(await page.locator('#cg-panel').isHidden(), 'Esc closes the panel');
  equal(await page.evaluate(() => location.hash), '', 'closing clears the URL fragment');

  // Clicking an evidence node opens its claim.
  await page.locator('[id="evidence-shops-suffer-1"]').click();
  equal(await panelTitle(page), 'Shops on Harbour Road have lost trade because of the lanes.', 'evidence node opens its claim');
  await page.keyboard.press('Escape');
  await done(s);
});

await test('basic: hover highlights the neighbourhood and dims the rest', async () => {
  const s = await open('html-basic.html');
  const { page } = s;
  await page.locator('[id="claim-junction-to-blame"]').hover();
  await page.waitForTimeout(200);
  equal(await opacity(page, 'claim-junction-to-blame'), 1, 'the hovered claim');
  equal(await opacity(page, 'claim-buses-slower'), 1, 'its neighbour');
  equal(await opacity(page, 'edge-junction-to-blame-contradicts-buses-slower'), 1, 'the edge between them');
  check(await opacity(page, 'claim-keep-lanes') < 0.5, 'an unrelated claim is dimmed');
  await page.mouse.move(2, 2);
  await page.waitForTimeout(200);
  equal(await opacity(page, 'claim-keep-lanes'), 1, 'leaving restores everything');
  await done(s);
});

await test('basic: search by text and quote, Enter opens; tag filters', async () => {
  const s = await open('html-basic.html');
  const { page } = s;
  await page.locator('#cg-search').fill('footfall');
  const found = await page.locator('#cg-results a').evaluateAll((l) => l.map((a) => a.dataset.claim));
  check(found.includes('footfall-up') && found.includes('shops-suffer'), `text and quote matches: ${found}`);
  check(!found.includes('buses-slower'), `no unrelated claim: ${found}`);
  await page.waitForTimeout(200);
  check(await opacity(page, 'claim-buses-slower') < 0.5, 'non-matching claims are dimmed');
  equal(await opacity(page, 'claim-footfall-up'), 1, 'matching claims are not');
  await page.locator('#cg-search').fill('38 percent');
  equal(await page.locator('#cg-results a').evaluateAll((l) => l.map((a) => a.dataset.claim)), ['more-cycling'], 'a quote finds its claim');
  await page.locator('#cg-search').press('Enter');
  equal(await panelTitle(page), 'More people cycle on Harbour Road since the lanes opened.', 'Enter opens the first match');
  await page.locator('#cg-search').fill('junction-to-blame');
  equal(await page.locator('#cg-results a').evaluateAll((l) => l.map((a) => a.dataset.claim)), ['junction-to-blame'], 'an id finds its claim');
  await page.locator('#cg-search').press('Escape');
  equal(await page.locator('#cg-search').inputValue(), '', 'Esc clears the search');

  await page.locator('#cg-tags button[data-tag="transit"]').click();
  await page.waitForTimeout(200);
  equal(await page.locator('#cg-count').textContent(), '2 of 9 claims', 'the tag filter counts');
  equal(await opacity(page, 'claim-buses-slower'), 1, 'a tagged claim');
  check(await opacity(page, 'claim-safer') < 0.5, 'an untagged claim is dimmed');
  await page.locator('#cg-tags button[data-tag="transit"]').click();
  await page.waitForTimeout(200);
  equal(await opacity(page, 'claim-safer'), 1, 'the filter is off again');
  await done(s);
});

await test('basic: keyboard only: Tab to a claim, Enter opens, Esc closes and returns focus', async () => {
  const s = await open('html-basic.html');
  const { page } = s;
  await page.locator('#cg-diagram').focus();
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement.id);
  check(focused.startsWith('claim-'), `Tab reaches a claim: ${focused}`);
  await page.keyboard.press('Enter');
  check(await page.locator('#cg-panel').isVisible(), 'Enter opens the panel');
  equal(await page.evaluate(() => document.activeElement.id), 'cg-panel', 'focus moves into the panel');
  await page.keyboard.press('Escape');
  check(await page.locator('#cg-panel').isHidden(), 'Esc closes');
  equal(await page.evaluate(() => document.activeElement.id), focused, 'focus returns to the claim');
  await page.keyboard.press('/');
  equal(await page.evaluate(() => document.activeElement.id), 'cg-search', '/ focuses the search box');
  await done(s);
});

await test('basic: pan and zoom with wheel, drag and keys', async () => {
  const s = await open('html-basic.html');
  const { page } = s;
  const box = await page.locator('#cg-diagram').boundingBox();
  const start = await viewBox(page);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -300);
  await page.waitForFunction((w) => Number(document.querySelector('#cg-diagram svg').getAttribute('viewBox').split(' ')[2]) < w, start[2]);
  const zoomed = await viewBox(page);
  await page.mouse.move(box.x + 100, box.y + 100);
  await page.mouse.down();
  await page.mouse.move(box.x + 200, box.y + 160, { steps: 5 });
  await page.mouse.up();
  const dragged = await viewBox(page);
  check(dragged[0] < zoomed[0] && dragged[1] < zoomed[1], `dragging pans: ${zoomed} -> ${dragged}`);
  check(await page.locator('#cg-panel').isHidden(), 'a drag that ends on a claim does not open it');
  await page.locator('#cg-diagram').focus();
  await page.keyboard.press('-');
  check((await viewBox(page))[2] > dragged[2], 'minus zooms out');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('0');
  const refit = await viewBox(page);
  check(refit[2] >= start[2] - 1e-6, `0 shows at least as much as the first view: ${start} -> ${refit}`);
  check(await claimFontPx(page) >= 10 - 1e-6, '0 keeps claim text legible');
  await done(s);
});

await test('basic: a deep link opens its claim; phone width; print', async () => {
  const s = await open('html-basic.html', { hash: '#loyal-customers' });
  equal(await panelTitle(s.page), 'People who walk or cycle are more valuable customers over a month.', 'the deep link opens its claim');
  await done(s);

  // The picture for the README: a deep link, centred, with the neighbourhood highlighted.
  const shot = await open('html-basic.html', { hash: '#footfall-up' });
  await shot.page.locator('[id="claim-footfall-up"]').hover();
  await shot.page.waitForTimeout(200);
  await shot.page.screenshot({ path: join(shotsDir, 'readme.png') });
  await done(shot);

  const phone = await open('html-basic.html', { hash: '#safer', viewport: { width: 390, height: 844 } });
  const { page } = phone;
  check(await page.locator('#cg-panel').isVisible(), 'the panel shows on a phone');
  const panelBox = await page.locator('#cg-panel').boundingBox();
  check(panelBox.width <= 390 && panelBox.x >= 0, `the panel fits the screen: ${JSON.stringify(panelBox)}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  check(overflow <= 390, `no sideways scrolling: ${overflow}`);
  await page.screenshot({ path: join(shotsDir, 'basic-phone.png') });
  await page.setViewportSize({ width: 794, height: 1123 });
  await page.emulateMedia({ media: 'print' });
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  equal(await page.locator('#cg-print article').count(), 9, 'print lists every claim');
  check(await page.locator('#cg-tools').isHidden(), 'print hides the controls');
  check(await page.locator('#cg-panel').isHidden(), 'print leaves the panel out');
  await page.screenshot({ path: join(shotsDir, 'basic-print.png'), fullPage: true });
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  await page.emulateMedia({ media: 'screen' });
  await page.pdf({ path: join(shotsDir, 'basic.pdf'), format: 'A4' });
  check(statSync(join(shotsDir, 'basic.pdf')).size > 10000, 'a PDF was printed');
  await done(phone);
});

await test('hostile: quotes, texts and ids with markup render as text and run nothing', async () => {
  const s = await open('html-hostile.html');
  const { page } = s;
  measurements.push({ page: 'html-hostile.html', bytes: statSync(join(pagesDir, 'html-hostile.html')).size, ...(await firstPaint(page)) });
  equal(await page.title(), "Hostile </title><script>alert('title')</script> map", 'the title is text');
  check((await page.locator('#cg-status summary').textContent()).includes('2 errors'), 'the header shows the errors');
  await page.locator('[id="claim-script-quote"]').click();
  equal(await panelTitle(page), "Tom's \"best\" & worst </script><script>alert('claim')</script>", 'claim text with quotes and markup');
  const marks = await page.locator('#cg-panel mark').allTextContents();
  equal(marks, ['</script><script>alert(1)</script>', '<img src=x onerror=alert(1)>'], 'hostile quotes are highlighted as text');
  equal(await page.locator('#cg-panel .cg-note').textContent(), "<img src=x onerror=alert('note')> \u2028 and \u2029 separators", 'note');
  const cite = await page.locator('#cg-panel .cg-cite').first().textContent();
  check(cite.includes("<img src=x onerror=alert('source-title')>") && cite.includes("</script><script>alert('author')</script>"), `citation: ${cite}`);
  equal(await page.locator('#cg-panel .cg-cite a').count(), 0, 'a javascript: URL is not a link');
  await page.locator('#cg-panel a[data-claim="image-quote"]').click();
  await panelOpens(page, 'image-quote');
  equal(await panelTitle(page), "<img src=x onerror=alert('claim2')> & <svg onload=alert('svg')>", 'second claim');
  check((await page.locator('#cg-panel dd').nth(1).textContent()).includes('unknown claim'), 'a dangling target is named, not linked');
  // The claim whose id is markup: reachable by its deep link.
  const id = "q\"><img src=x onerror=alert('id')>";
  await page.evaluate((id) => { location.hash = encodeURIComponent(id); }, id);
  await page.waitForFunction(() => document.querySelector('#cg-panel h2').textContent === 'A claim whose id is itself hostile.');
  equal(await page.locator('#cg-panel .cg-id code').textContent(), id, 'hostile id as text');
  await page.locator('#cg-search').fill('<img');
  check((await page.locator('#cg-results a').count()) >= 2, 'markup can be searched for as text');
  await page.screenshot({ path: join(shotsDir, 'hostile-panel.png') });
  equal(await page.evaluate(() => document.querySelectorAll('img, iframe, object, embed, foreignObject').length), 0, 'no injected elements');
  equal(await page.evaluate(() => document.scripts.length), 2, 'only the page\'s own two scripts');
  await done(s);
});

const ownMap = join(pagesDir, 'own-map.html');
await test('diff: the change list opens a claim whose panel says what changed', async () => {
  const s = await open('diff.html');
  const { page } = s;
  const summary = await page.locator('#cg-status summary').textContent();
  equal(summary, 'changes: +1 claim, 1 renamed, 1 edited, 1 edge added, 1 flipped, 1 quote added', 'the summary');
  equal(await page.locator('#cg-changes li').evaluateAll((l) => l.map((li) => li.className + ' ' + li.querySelector('a').textContent)),
    ['modified safer', 'renamed mill-street-junction', 'modified loading-bays', 'added not-consulted'], 'every changed claim is listed');
  for (const [id, mark] of [['not-consulted', 'added'], ['mill-street-junction', 'changed'], ['keep-lanes', 'unchanged']]) {
    check(await page.locator(`[id="claim-${id}"]`).evaluate((g, m) => g.classList.contains(m), mark), `${id} is drawn as ${mark}`);
  }
  await page.locator('#cg-status summary').click();
  await page.locator('#cg-changes a[href="#mill-street-junction"]').click();
  await panelOpens(page, 'mill-street-junction');
  equal(await panelTitle(page), 'The bus delay comes from the Mill Street junction, not the lanes.', 'the link opens the claim');
  equal(await page.locator('#cg-panel h3').first().textContent(), 'Change: renamed', 'the change heading');
  const change = await page.locator('#cg-panel .cg-change').textContent();
  check(change.includes('renamed junction-to-blame → mill-street-junction (line 80, same text)'), `the change, in diff's words: ${change}`);
  // Further claims by deep link (the open panel covers part of the drawing).
  const go = async (id) => {
    await page.evaluate((h) => { location.hash = h; }, '#' + id);
    await panelOpens(page, id);
  };
  await go('safer');
  const edit = await page.locator('#cg-panel .cg-change').textContent();
  check(!edit.includes('[-') && !edit.includes('{+'), `no git notation in the panel: ${edit}`);
  equal(await page.locator('#cg-panel .cg-change del').allTextContents(), ['the road'], 'removed words are <del>');
  equal(await page.locator('#cg-panel .cg-change ins').allTextContents(), ['Harbour Road'], 'added words are <ins>');
  const decoration = (sel) => page.locator(sel).first().evaluate((el) => getComputedStyle(el).textDecorationLine);
  check((await decoration('#cg-panel .cg-change del')).includes('line-through'), 'removed words are struck through, not only coloured');
  check((await decoration('#cg-panel .cg-change ins')).includes('underline'), 'added words are underlined, not only coloured');
  await page.locator('#cg-panel .cg-change').screenshot({ path: join(shotsDir, 'diff-word-diff.png') });
  await go('keep-lanes');
  equal(await panelTitle(page), 'The Harbour Road cycle lanes should stay.', 'the deep link opens the claim');
  equal(await page.locator('#cg-panel .cg-change').count(), 0, 'an unchanged claim has no change section');
  await go('mill-street-junction');
  await page.screenshot({ path: join(shotsDir, 'diff-panel.png') });
  await done(s);
});

if (existsSync(ownMap)) {
  await test("own map: opens, a claim's panel shows anchored evidence", async () => {
    const s = await open('own-map.html');
    const { page } = s;
    const bytes = statSync(ownMap).size;
    measurements.push({ page: 'own-map.html', bytes, ...(await firstPaint(page)) });
    check(bytes < 1024 * 1024, `the page is under 1 MB: ${bytes} bytes`);
    await page.screenshot({ path: join(shotsDir, 'own-closed.png') });
    // A claim with a quote in context, among those in view (the map opens on its question).
    const first = await page.evaluate(() => {
      const d = document.getElementById('cg-diagram').getBoundingClientRect();
      return JSON.parse(document.getElementById('cg-data').textContent).claims.find((c) => {
        const g = document.getElementById('claim-' + c.id);
        const r = g && g.getBoundingClientRect();
        return r && r.left >= d.left && r.right <= d.right && r.top >= d.top && r.bottom <= d.bottom &&
          (c.evidence || []).some((e) => e.context);
      }).id;
    });
    await page.locator(`[id="claim-${first}"]`).click();
    check((await page.locator('#cg-panel mark').count()) > 0, 'a quote is highlighted in its context');
    const link = page.locator('#cg-panel a[data-claim]').first();
    if (await link.count()) {
      const target = await link.getAttribute('data-claim');
      await link.click();
      await panelOpens(page, target);
      await page.waitForTimeout(100);
      check(await inView(page, `claim-${target}`), 'the linked claim is centred in view');
    }
    await page.screenshot({ path: join(shotsDir, 'own-panel.png') });
    await done(s);
  });
} else {
  console.log('SKIPPED own map: no own-map.html (the repository has no claims.yaml yet)');
}

await test('diff: unchanged edges keep their kind\'s colour, muted; hostile changed words stay text', async () => {
  const s = await open('diff.html');
  const { page } = s;
  const stroke = (id) => page.locator(`[id="${id}"] path`).first().getAttribute('stroke');
  equal(await stroke('edge-more-cycling-supports-keep-lanes'), '#a1c8b5', 'an unchanged supports edge, green muted');
  equal(await stroke('edge-shops-suffer-contradicts-keep-lanes'), '#e5a2a2', 'an unchanged contradicts edge, red muted');
  await page.screenshot({ path: join(shotsDir, 'diff-closed.png') });
  await done(s);

  const hostile = await open('diff-hostile.html', { hash: '#safer' });
  await panelOpens(hostile.page, 'safer');
  equal(await hostile.page.locator('#cg-panel .cg-change ins').allTextContents(), ["<script>alert('diff')</script> & \"Harbour\" Road"], 'hostile inserted words as text');
  equal(await hostile.page.locator('#cg-panel .cg-change del').allTextContents(), ['the road'], 'removed words');
  equal(await hostile.page.evaluate(() => document.scripts.length), 2, 'only the page\'s own two scripts');
  await hostile.page.locator('#cg-panel .cg-change').screenshot({ path: join(shotsDir, 'diff-hostile-word-diff.png') });
  await done(hostile);
});

// The first view of a large map: legible claims, the legend and the hint on screen, an overview.
const firstViewPage = existsSync(ownMap) ? 'own-map.html' : 'html-basic.html';
await test(`first view (${firstViewPage}): legible claims, legend and hint visible; Fit stops at a legible zoom; the overview pans`, async () => {
  const s = await open(firstViewPage);
  const { page } = s;
  const opened = await claimFontPx(page);
  check(opened >= 10, `claim text is legible on opening: ${opened.toFixed(1)} px`);
  measurements.push({ page: firstViewPage, note: `claim text ${opened.toFixed(1)} px on opening at 1280x800` });
  check(await inWindow(page, '#cg-legend'), 'the legend is in the window');
  check(await inWindow(page, '#cg-hint'), 'the hint is in the window');
  check((await page.locator('#cg-hint').textContent()).startsWith('Click a claim to read its quotes'), 'the hint says what to do');
  // It opens on the map's first question (`questions:`), else on its first claim.
  const first = await page.evaluate(() => {
    const data = JSON.parse(document.getElementById('cg-data').textContent);
    return data.questions && data.questions.length ? data.questions[0].id : data.claims[0].id;
  });
  check(await inView(page, `claim-${first}`), `the first question (${first}) is in view`);
  await page.screenshot({ path: join(shotsDir, 'first-view.png') });

  await page.locator('.cg-zoom button', { hasText: 'Fit' }).click();
  await page.waitForTimeout(100);
  const fitted = await claimFontPx(page);
  check(fitted >= 10 - 1e-6, `Fit stops at a legible zoom: ${fitted.toFixed(1)} px`);
  // Many steps out, then Fit: still legible.
  await page.locator('#cg-diagram').focus();
  for (let i = 0; i < 8; i++) await page.keyboard.press('-');
  await page.keyboard.press('0');
  await page.waitForTimeout(100);
  const refitted = await claimFontPx(page);
  check(refitted >= 10 - 1e-6, `0 after zooming out is legible again: ${refitted.toFixed(1)} px`);
  measurements.push({ page: firstViewPage, note: `claim text ${fitted.toFixed(1)} px after Fit, ${refitted.toFixed(1)} px after zooming out and 0` });

  const mapFits = await page.locator('#cg-overview').isHidden();
  if (!mapFits) {
    check(await inWindow(page, '#cg-overview'), 'the overview is in the window');
    const frame = await page.locator('#cg-overview .cg-overview-view').boundingBox();
    const mini = await page.locator('#cg-overview svg').boundingBox();
    check(frame.width > 0 && frame.width < mini.width + 1, `the overview frames the visible part: ${JSON.stringify(frame)}`);
    // A click near the overview's right end moves the view there; a drag follows the pointer.
    const before = await viewBox(page);
    await page.mouse.click(mini.x + mini.width - 4, mini.y + mini.height / 2);
    const clicked = await viewBox(page);
    check(clicked[0] > before[0], `a click in the overview pans right: ${before} -> ${clicked}`);
    await page.mouse.move(mini.x + mini.width - 4, mini.y + mini.height / 2);
    await page.mouse.down();
    await page.mouse.move(mini.x + 4, mini.y + mini.height / 2, { steps: 5 });
    await page.mouse.up();
    const dragged = await viewBox(page);
    check(dragged[0] < clicked[0], `dragging in the overview pans back: ${clicked} -> ${dragged}`);
    equal(await page.locator('#cg-overview').getAttribute('aria-hidden'), 'true', 'the overview is hidden from assistive technology (the arrow keys pan)');
    await page.screenshot({ path: join(shotsDir, 'first-view-overview.png') });
  }
  await done(s);
});

await test('a11y: axe-core finds no violation, panel closed and open', async () => {
  const pages = [['html-basic.html', 'safer'], ['diff.html', 'safer']];
  if (existsSync(ownMap)) pages.push(['own-map.html', null]);
  const found = [];
  for (const [file, claim] of pages) {
    const s = await open(file, { bypassCSP: true });
    const { page } = s;
    for (const v of await axeViolations(page)) found.push({ file, panel: 'closed', ...v });
    const id = claim || await page.evaluate(() => {
      const data = JSON.parse(document.getElementById('cg-data').textContent);
      return (data.questions && data.questions.length ? data.questions[0] : data.claims[0]).id;
    });
    await page.locator(`[id="claim-${id}"]`).click();
    await panelOpens(page, id);
    for (const v of await axeViolations(page)) found.push({ file, panel: 'open', ...v });
    // A claim's accessible name carries the line it shows under its text (WCAG 2.5.3).
    const name = await page.locator(`[id="claim-${id}"]`).evaluate((g) => {
      const snapshot = g.getAttribute('aria-label') || g.querySelector(':scope > title').textContent;
      return snapshot;
    });
    const tree = await page.locator(`[id="claim-${id}"]`).ariaSnapshot();
    check(tree.includes(shownLine(name)), `the browser's name for the claim: ${tree}`);
    const shown = await page.locator(`[id="claim-${id}"] text`).evaluateAll((l) => l.map((t) => t.textContent.trim()).filter(Boolean).pop());
    check(name.includes(shown), `the name "${name}" includes the shown line "${shown}"`);
    await done(s);
  }
  equal(found, [], 'axe-core violations');
});

// ---- The canvas drawing of big maps (render/canvas.rs, "The canvas drawing" in page.js) ----
/** The data of a canvas page, read from the file (deflated, in base64) as the page reads it;
 * the page lets go of the text once it has. */
function canvasData(file) {
  const html = readFileSync(join(pagesDir, file), 'utf8');
  const m = /<script type="application\/octet-stream" id="cg-data" data-encoding="deflate-base64">([^<]*)<\/script>/.exec(html);
  if (!m) throw new Error(`${file} has no deflated data`);
  return JSON.parse(inflateSync(Buffer.from(m[1], 'base64')).toString('utf8'));
}
const squeeze = (t) => t.replace(/\s+/g, '');
const hotIds = (page) => page.$$eval('.cg-hot', (els) => els.map((e) => e.getAttribute('data-claim')));

await test('canvas: hostile claims are named by what their boxes show and open as text', async () => {
  const s = await open('canvas-hostile.html', { bypassCSP: true });
  const { page } = s;
  equal(await page.evaluate(() => [!!document.querySelector('#cg-diagram > svg'), !!document.getElementById('cg-canvas')]), [false, true], 'a canvas, no SVG');
  const claims = await page.evaluate(() => window.__cgClaims || null);
  check(claims === null, 'the page exposes nothing global');
  const ids = await hotIds(page);
  check(ids.length > 0, 'the claims in view get focusable elements');
  const first = ids[0];
  const text = await page.locator(`.cg-hot[data-claim="${first}"]`).getAttribute('aria-label');
  const data = canvasData('canvas-hostile.html').claims.find((c) => c.id === first);
  check(squeeze(text).startsWith(squeeze(data.text)), `the name "${text}" shows the claim's text "${data.text}"`);
  for (const v of await axeViolations(page)) throw new Error(`axe (panel closed): ${JSON.stringify(v)}`);
  await page.locator(`.cg-hot[data-claim="${first}"]`).click();
  await panelOpens(page, first);
  equal(await panelTitle(page), data.text, 'the panel shows the hostile text as text');
  for (const v of await axeViolations(page)) throw new Error(`axe (panel open): ${JSON.stringify(v)}`);
  await page.screenshot({ path: join(shotsDir, 'canvas-hostile.png') });
  // The keyboard: Escape closes, Tab from the diagram reaches a claim, Enter opens it.
  await page.keyboard.press('Escape');
  await page.focus('#cg-diagram');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.getAttribute('data-claim'));
  check(focused && ids.includes(focused), `Tab reaches a claim (focused: ${focused})`);
  await page.keyboard.press('Enter');
  await panelOpens(page, focused);
  equal(await page.evaluate(() => document.querySelector('#cg-panel .cg-id code').textContent), focused, 'Enter opens the focused claim');
  await done(s);
});

await test('canvas: a generated map of 1,000 claims and their evidence (clustered) opens; search, overview and panel work; axe-core', async () => {
  if (!existsSync(join(pagesDir, 'canvas-1k.html'))) throw new Error('canvas-1k.html was not made (see run.sh)');
  const s = await open('canvas-1k.html', { bypassCSP: true });
  const { page } = s;
  measurements.push({ page: 'canvas-1k.html', bytes: statSync(join(pagesDir, 'canvas-1k.html')).size, ...(await firstPaint(page)) });
  // The canvas is painted (not blank) and sized to the diagram.
  const painted = await page.evaluate(() => {
    const c = document.getElementById('cg-canvas');
    const d = document.getElementById('cg-diagram').getBoundingClientRect();
    const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    for (let i = 0; i < px.length; i += 4 * 97) if (px[i + 3] > 0) ink++;
    return { ink, w: c.getBoundingClientRect().width, dw: d.width };
  });
  check(painted.ink > 50, `the canvas has a drawing (${painted.ink} samples inked)`);
  check(Math.abs(painted.w - painted.dw) < 2, `the canvas fills the diagram (${painted.w} of ${painted.dw})`);
  await page.screenshot({ path: join(shotsDir, 'canvas-1k-start.png') });
  await page.fill('#cg-search', 'sanctions');
  const count = await page.locator('#cg-count').textContent();
  check(/^\d+ of 1000 claims$/.test(count), `search counts matches: "${count}"`);
  const firstResult = await page.locator('#cg-results a').first().getAttribute('data-claim');
  await page.locator('#cg-search').press('Enter');
  await panelOpens(page, firstResult);
  // Opening a claim centres it at a legible size: its focusable element is then in view.
  await page.waitForFunction((id) => !!document.querySelector(`.cg-hot[data-claim="${CSS.escape(id)}"]`), firstResult, { timeout: 5000 });
  await page.screenshot({ path: join(shotsDir, 'canvas-1k-open.png') });
  await page.keyboard.press('Escape');
  await page.fill('#cg-search', '');
  check(await page.locator('#cg-clusters').count() === 1, 'the overview lists the clusters');
  {
    await page.locator('#cg-clusters summary').click();
    for (const v of await axeViolations(page)) throw new Error(`axe (overview open): ${JSON.stringify(v)}`);
    const before = await page.evaluate(() => document.getElementById('cg-canvas').toDataURL().length);
    await page.locator('#cg-clusters button').nth(1).click();
    await page.waitForTimeout(400);
    const after = await page.evaluate(() => document.getElementById('cg-canvas').toDataURL().length);
    check(before !== after, 'a cluster in the overview list drills into it');
    check(/^Showing .+, \d+ claims?; Tab reaches/.test(await page.locator('#cg-cluster-said').textContent()), 'and says where it went, for screen readers');
  }
  await done(s);
});

await test('canvas: tabbing through claims keeps the focus on them and never scrolls the drawing under the pointer', async () => {
  const s = await open('canvas-1k.html');
  const { page } = s;
  await page.focus('#cg-diagram');
  const seen = [];
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
    const state = await page.evaluate(() => {
      const a = document.activeElement, d = document.getElementById('cg-diagram');
      return { id: a && a.closest && a.closest('#cg-hot') ? a.getAttribute('data-claim') : null, tag: a && a.tagName, scroll: [d.scrollTop, d.scrollLeft] };
    });
    check(state.id !== null, `Tab ${i + 1} stays on a claim (focus on ${state.tag}; claims so far: ${seen.join(', ')})`);
    equal(state.scroll, [0, 0], `the diagram is not scrolled after Tab ${i + 1}`);
    seen.push(state.id);
  }
  check(new Set(seen).size === seen.length, `each Tab reaches a new claim: ${seen.join(', ')}`);
  // The pointer still opens what is drawn under it: the focused claim's own box.
  const focused = seen[seen.length - 1];
  const b = await page.locator(`.cg-hot[data-claim="${focused}"]`).boundingBox();
  await page.mouse.click(b.x + b.width / 2, b.y + b.height / 2);
  await panelOpens(page, focused);
  equal(await page.evaluate(() => document.querySelector('#cg-panel .cg-id code').textContent), focused, 'a click on the focused box opens it');
  await done(s);
});

await browser.close();
console.log('\nmeasurements (first paint and load event in ms after navigation start, headless Chromium):');
for (const m of measurements) {
  if (m.note) { console.log(`  ${m.page}: ${m.note}`); continue; }
  console.log(`  ${m.page}: ${(m.bytes / 1024).toFixed(1)} KiB, first contentful paint ${m.fcp === null ? 'n/a' : m.fcp.toFixed(0) + ' ms'}, load ${m.load === null ? 'n/a' : m.load.toFixed(0) + ' ms'}`);
}
console.log(`\n${results.length - failures} passed, ${failures} failed; screenshots in ${shotsDir}`);
process.exit(failures ? 1 : 0);
