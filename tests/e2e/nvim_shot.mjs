// Screenshots of `claimgraph lsp` in Neovim: a diagnostic on a misspelt reference, and a hover.
//
//   node nvim_shot.mjs CLAIMGRAPH_BIN MAP_DIR OUT_DIR
//
// Runs Neovim in a real terminal (tmux, 110×30), opens MAP_DIR/claims.yaml with the server
// attached (nvim_shot_init.lua), misspells a reference, waits for the error, hovers a claim, and
// captures the terminal with its colours (`tmux capture-pane -e`) after each step. Each capture
// is drawn as HTML by headless Chromium and saved as OUT_DIR/nvim-diagnostic.png and
// nvim-hover.png; the text of each screen must show what it is of, or the script fails.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const [bin, mapDir, out] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
mkdirSync(out, { recursive: true });
const session = `claimgraph-shot-${process.pid}`;
const tmux = (...args) => execFileSync('tmux', args, { encoding: 'utf8' });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(text, timeout = 15000) {
  const end = Date.now() + timeout;
  let screen = '';
  while (Date.now() < end) {
    screen = tmux('capture-pane', '-p', '-t', session);
    if (screen.includes(text)) return;
    await sleep(100);
  }
  throw new Error(`the screen never showed ${JSON.stringify(text)}:\n${screen}`);
}

// The 16 base colours of a dark terminal, then the 256-colour cube and grey ramp.
const BASE = ['#1d1f21', '#cc6666', '#8abe6a', '#e6c547', '#81a2be', '#b294bb', '#70c0ba', '#c5c8c6',
  '#666666', '#ff6666', '#b5e890', '#f5d76e', '#a3c6ea', '#d6b4df', '#8ee4dd', '#ffffff'];
function colour256(n) {
  if (n < 16) return BASE[n];
  if (n >= 232) { const g = 8 + (n - 232) * 10; return `rgb(${g},${g},${g})`; }
  const i = n - 16; const c = (v) => (v === 0 ? 0 : 55 + v * 40);
  return `rgb(${c(Math.floor(i / 36))},${c(Math.floor(i / 6) % 6)},${c(i % 6)})`;
}
const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// SGR escapes to spans; everything else is text.
function toHtml(ansi) {
  let fg = null, bg = null, bold = false, reverse = false, html = '', open = false;
  const flush = () => { if (open) { html += '</span>'; open = false; } };
  const start = () => {
    let [f, b] = reverse ? [bg || BASE[0], fg || BASE[7]] : [fg, bg];
    const style = [f && `color:${f}`, b && `background:${b}`, bold && 'font-weight:bold'].filter(Boolean).join(';');
    if (style) { html += `<span style="${style}">`; open = true; }
  };
  const parts = ansi.split(/\x1b\[([0-9;]*)m/);
  parts.forEach((part, i) => {
    if (i % 2 === 0) { html += escape(part); return; }
    const codes = part === '' ? [0] : part.split(';').map(Number);
    for (let k = 0; k < codes.length; k++) {
      const c = codes[k];
      if (c === 0) { fg = bg = null; bold = reverse = false; }
      else if (c === 1) bold = true;
      else if (c === 22) bold = false;
      else if (c === 7) reverse = true;
      else if (c === 27) reverse = false;
      else if (c >= 30 && c <= 37) fg = BASE[c - 30];
      else if (c >= 90 && c <= 97) fg = BASE[c - 90 + 8];
      else if (c === 39) fg = null;
      else if (c >= 40 && c <= 47) bg = BASE[c - 40];
      else if (c >= 100 && c <= 107) bg = BASE[c - 100 + 8];
      else if (c === 49) bg = null;
      else if ((c === 38 || c === 48) && codes[k + 1] === 5) { const v = colour256(codes[k + 2]); c === 38 ? (fg = v) : (bg = v); k += 2; }
      else if ((c === 38 || c === 48) && codes[k + 1] === 2) { const v = `rgb(${codes[k + 2]},${codes[k + 3]},${codes[k + 4]})`; c === 38 ? (fg = v) : (bg = v); k += 4; }
    }
    flush(); start();
  });
  flush();
  return `<!doctype html><meta charset="utf-8"><body style="margin:0;background:${BASE[0]}"><pre style="margin:0;padding:10px;font:14px/1.3 'DejaVu Sans Mono',monospace;color:${BASE[7]}">${html}</pre>`;
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
async function shoot(name, mustShow) {
  const screen = tmux('capture-pane', '-p', '-t', session);
  if (!screen.includes(mustShow)) throw new Error(`${name}: the screen does not show ${JSON.stringify(mustShow)}:\n${screen}`);
  const ansi = tmux('capture-pane', '-p', '-e', '-t', session);
  const page = await browser.newPage({ viewport: { width: 1000, height: 600 } });
  await page.setContent(toHtml(ansi));
  const size = await page.evaluate(() => ({ w: document.querySelector('pre').scrollWidth + 20, h: document.querySelector('pre').scrollHeight + 20 }));
  await page.setViewportSize({ width: Math.ceil(size.w), height: Math.ceil(size.h) });
  await page.screenshot({ path: join(out, `${name}.png`) });
  writeFileSync(join(out, `${name}.txt`), screen);
  await page.close();
}

try {
  spawnSync('tmux', ['kill-session', '-t', session]);
  tmux('new-session', '-d', '-s', session, '-x', '110', '-y', '30', '-e', `CLAIMGRAPH_BIN=${bin}`,
    '-e', 'TERM=xterm-256color', '-c', mapDir,
    'nvim', '-u', join(here, 'nvim_shot_init.lua'), '-i', 'NONE', '-n', 'claims.yaml');
  await waitFor('id:');
  await waitFor('[lsp ready]');
  tmux('send-keys', '-t', session, ':lua ShotTypo()', 'Enter');
  await waitFor('unknown claim');
  await sleep(300);
  await shoot('nvim-diagnostic', 'unknown claim');
  tmux('send-keys', '-t', session, ':lua ShotHover()', 'Enter');
  await waitFor('supported by');
  await sleep(300);
  await shoot('nvim-hover', 'supported by');
  console.log(`screenshots in ${out}`);
} finally {
  spawnSync('tmux', ['kill-session', '-t', session]);
  await browser.close();
}
