// Screenshots of every page per role, on a desktop and a phone, in English and Chinese, for people to look at.
// Run by tools/screenshots.sh, which starts the app in demo mode; usage: node shoot.js <base-url> <out-dir>
// Environment: PLAYWRIGHT_PACKAGE (Playwright's node package, from the test project's build output),
// ROLES, LOCALES, WIDTHS (comma-separated, to narrow the set), SCHEME (light or dark).
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require(process.env.PLAYWRIGHT_PACKAGE);

const [base, out] = process.argv.slice(2);
const password = process.env.DEMO_PASSWORD || 'Demo-Pass-2026';

// Each role's pages: a path, or a list page and the first link on it that opens a detail page.
const roles = {
  agent: {
    email: 'agent1@demo.local',
    pages: ['', 'queues?q=Mine', 'queues?q=All', { from: 'queues?q=All', link: 'a.case-link', name: 'case' },
      'orders', { from: 'orders', link: 'a[href^="orders/"]', name: 'order' }, 'complaints',
      { from: 'complaints', link: '[data-testid^=complaint-row-]', name: 'complaint' }, 'feedback', 'kb',
      { from: 'kb', link: 'a[href^="kb/"]', name: 'article' }, 'macros', 'Account/Manage/TimeZone'],
  },
  supervisor: {
    email: 'supervisor1@demo.local',
    pages: ['', 'approvals', 'risk/buyers', 'queues?q=Unassigned', { from: 'queues?q=All', link: 'a.case-link', name: 'case' },
      { from: 'queues?q=Unassigned', link: 'tr:has(.risk-chip.case-status-danger) a.case-link', name: 'case-high-risk' },
      'refunds', 'complaints', 'complaints/merchants', 'dashboard', 'feedback', 'macros'],
  },
  merchant: {
    email: 'merchant1@demo.local',
    pages: ['', 'cases', { from: 'cases', link: 'a.case-link', name: 'case' }, 'orders', 'complaints',
      { from: 'complaints', link: '[data-testid^=complaint-row-]', name: 'complaint' }, 'dashboard', 'reports', 'feedback'],
  },
  manager: {
    email: 'manager@demo.local',
    pages: ['', 'dashboard', 'refunds', 'complaints/merchants', 'reports', 'audit', 'feedback'],
  },
  admin: {
    email: 'admin@demo.local',
    pages: ['', 'admin/users', 'admin/integrations', 'admin/integrations/api', { from: 'admin/integrations', link: '[data-testid^=webhooks-]', name: 'webhooks' },
      'Account/Manage/ChangePassword'],
  },
};

const widths = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };
const pick = (all, env) => (process.env[env] ? process.env[env].split(',') : all);
const slug = (p) => (p === '' ? 'home' : p.replace(/[^a-zA-Z0-9]+/g, '-').replace(/-+$/, ''));

// An app page is ready when its circuit is live; the account pages are plain server-rendered forms.
async function settle(page) {
  if (!new URL(page.url()).pathname.startsWith('/Account/')) {
    await page.locator('main[data-interactive=true]').waitFor({ timeout: 60_000 });
  }
  await page.waitForLoadState('networkidle').catch(() => {});
  // After an enhanced navigation the old page's height can linger for a frame: wait until the height holds.
  await page.waitForFunction(() => new Promise((resolve) => {
    const before = document.scrollingElement.scrollHeight;
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(document.scrollingElement.scrollHeight === before)));
  }), null, { timeout: 10_000 }).catch(() => {});
}

(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium' });
  const shots = [];
  for (const role of pick(Object.keys(roles), 'ROLES')) {
    for (const locale of pick(['en-US', 'zh-CN'], 'LOCALES')) {
      for (const width of pick(Object.keys(widths), 'WIDTHS')) {
        const context = await browser.newContext({
          baseURL: base, locale, viewport: widths[width], colorScheme: process.env.SCHEME || 'light',
        });
        const page = await context.newPage();
        await page.goto('Account/Login');
        await page.fill('#Input\\.Email', roles[role].email);
        await page.fill('#Input\\.Password', password);
        await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/Account/Login')), page.click('[data-testid=login-submit]')]);
        for (const entry of roles[role].pages) {
          const name = typeof entry === 'string' ? slug(entry) : entry.name;
          const file = path.join(out, role, `${width}-${locale}-${name}.png`);
          fs.mkdirSync(path.dirname(file), { recursive: true });
          try {
            if (typeof entry === 'string') {
              await page.goto(entry);
            } else {
              await page.goto(entry.from);
              await settle(page);
              // The layout stays live across the router's move: wait for the new page's heading instead.
              const heading = await page.locator('h1').first().textContent();
              await page.locator(entry.link).first().click();
              await page.waitForURL((u) => !u.href.endsWith(entry.from));
              await page.waitForFunction((old) => document.querySelector('h1')?.textContent !== old, heading, { timeout: 60_000 });
            }
            await settle(page);
            await page.screenshot({ path: file, fullPage: true });
            shots.push({ role, locale, width, name, file: path.relative(out, file) });
            console.log(file);
          } catch (error) {
            console.error(`${role} ${locale} ${width} ${name}: ${error.message.split('\n')[0]}`);
            process.exitCode = 1;
          }
        }
        await context.close();
      }
    }
  }
  await browser.close();

  // A contact sheet: one section per role, each page's pictures side by side.
  const rows = shots.map((s) => `<figure><a href="${s.file}"><img src="${s.file}" loading="lazy"></a>`
    + `<figcaption>${s.role} · ${s.name} · ${s.width} · ${s.locale}</figcaption></figure>`).join('\n');
  fs.writeFileSync(path.join(out, 'index.html'), `<!doctype html><meta charset="utf-8"><title>AfterSalesDesk screenshots</title>
<style>body{font-family:sans-serif}figure{display:inline-block;vertical-align:top;margin:8px;width:320px}img{width:100%;border:1px solid #ccc}</style>
<h1>AfterSalesDesk: every page per role (${shots.length} pictures)</h1>
${rows}
`);
  console.log(`${shots.length} screenshots in ${out}`);
})();
