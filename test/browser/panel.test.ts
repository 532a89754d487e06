// The panel in a real browser against a real Relance (PostgreSQL, the QuickBooks sandbox): sign in
// through the sandbox's OAuth, read the overview, open a customer, record a promise and see the
// planned reminder move, open a dispute and see it stop, preview a template. Screenshots are kept in
// test/artifacts/screenshots/. Plus what can be checked of accessibility without a new dependency.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addDays } from '../../src/core/dates.ts';
import {
  controlKeys,
  firstTabbedText,
  focusedText,
  PLAIN_NAME,
  startPanel,
  tabOrder,
  TRICKY_NAME,
  unnamedControls,
  type PanelHarness,
} from './harness.ts';

let h: PanelHarness;
let page: Page;

beforeAll(async () => {
  h = await startPanel();
  const context = await h.newContext();
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (err) => h.failures.push(err));
}, 60_000);

// A failing step leaves a picture of what the browser showed.
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail' && page)
    await h.screenshot(page, `failed-${ctx.task.name.slice(0, 40)}`);
});

afterAll(async () => {
  await h?.close();
});

async function nextActionDate(): Promise<string | null> {
  const el = page.getByTestId('next-action-date');
  return (await el.count()) > 0 ? el.getAttribute('data-date') : null;
}

describe('the web panel in Chromium', () => {
  it('signs in through the QuickBooks sandbox and reads the overview', async () => {
    await page.goto('/');
    await expect.poll(() => page.url()).toMatch(/\/app\/$/);
    const signIn = page.getByRole('link', { name: 'Sign in with QuickBooks' });
    await signIn.waitFor();
    expect(await page.getByRole('link', { name: 'Sign in with Xero' }).getAttribute('href')).toBe(
      '/signin/xero',
    );
    await h.screenshot(page, '01-sign-in');

    await signIn.click();
    await page.getByTestId('firm-name').waitFor();
    expect(new URL(page.url()).pathname).toBe('/app/');
    expect(await page.getByTestId('firm-name').textContent()).toBe('Studio Lumière');
    // The panel speaks the firm's language (a French firm) until the user picks another, and a new
    // firm starts in review mode, which the banner says.
    expect(await page.getByTestId('mode-banner').textContent()).toContain('MODE RELECTURE');
    await page.getByRole('heading', { name: 'Vue d’ensemble' }).waitFor();
    await page.getByLabel('Langue').selectOption('en');
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    expect(await page.getByTestId('mode-banner').textContent()).toContain('REVIEW MODE');

    // The callback started the first sync; once it is done the overview shows the ledger.
    await h.rt.queue.idle();
    await page.reload();
    const aging = page.locator('table.aging-table');
    await aging.waitFor();
    const row = aging.locator('tbody tr').filter({ hasText: 'EUR' });
    // 450 not due, 800 + 1200 in 1-30, 3000 over 90: 5450.00 in all.
    expect(await row.locator('td').last().textContent()).toMatch(/5,450\.00/);
    expect(await row.locator('td').nth(1).textContent()).toMatch(/2,000\.00/);
    expect(await page.locator('svg[role=img] title').first().textContent()).toContain('EUR');
    await page.getByRole('link', { name: PLAIN_NAME }).first().waitFor();
    await h.screenshot(page, '02-overview');

    // The choice of language is remembered.
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
  });

  it('opens a customer, records a promise and sees the planned reminder move, then opens a dispute and sees it stop', async () => {
    await page.getByRole('link', { name: 'Customers' }).click();
    await page.getByLabel('Search').fill('Nord');
    const link = page.getByRole('link', { name: TRICKY_NAME });
    await link.waitFor();
    await link.click();

    // The name is text, not markup.
    const heading = page.getByTestId('customer-name');
    await heading.waitFor();
    expect(await heading.textContent()).toBe(TRICKY_NAME);
    expect(await heading.locator('b').count()).toBe(0);

    const before = await nextActionDate();
    expect(before).not.toBeNull();
    await h.screenshot(page, '03-customer');

    const promised = addDays(h.today, 30);
    await page.getByRole('button', { name: 'Record a promise' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Promised payment date').fill(promised);
    await h.screenshot(page, '04-promise-dialog');
    await dialog.getByRole('button', { name: 'Record a promise' }).click();
    await page.getByTestId('announcer').getByText('Promise recorded').waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
    // Reminders wait for the promised date: the next one is on or after it.
    await expect.poll(nextActionDate).not.toBe(before);
    const after = await nextActionDate();
    expect(after === null || after >= promised).toBe(true);
    await page
      .getByTestId('timeline')
      .getByText(/promise/i)
      .first()
      .waitFor();
    await h.screenshot(page, '05-after-promise');

    // A dispute on every open invoice: nothing is chased any more.
    await page.getByRole('button', { name: 'Open a dispute' }).click();
    const d2 = page.getByRole('dialog');
    for (const box of await d2.getByRole('checkbox').all()) await box.check();
    await d2
      .getByLabel('What the customer disputes')
      .fill('Goods delivered damaged <script>alert(1)</script>');
    await d2.getByRole('button', { name: 'Open a dispute' }).click();
    await page.getByTestId('announcer').getByText('Dispute opened').waitFor();
    await page.getByTestId('next-action').getByText('Nothing is planned.').waitFor();
    expect(await page.getByText('Disputed').count()).toBeGreaterThan(0);
    await h.screenshot(page, '06-after-dispute');
  });

  it('shows a field error from the API beside its field', async () => {
    await page.getByRole('button', { name: 'Add a note' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Add a note' }).click();
    const note = dialog.getByLabel('Note');
    await expect.poll(() => note.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await note.getAttribute('aria-describedby')) ?? '';
    expect(describedBy).not.toBe('');
    // Escape closes the dialog and focus returns to the button that opened it.
    await page.keyboard.press('Escape');
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await focusedText(page)).toBe('Add a note');
  });

  it('previews a step’s message rendered for a real customer', async () => {
    await page.getByRole('link', { name: 'Procedures' }).click();
    await page.getByRole('table').first().waitFor();
    await page.getByRole('button', { name: 'Preview step 2' }).click();
    await page.getByLabel('Find a customer').fill('Sud');
    const preview = page.getByTestId('template-preview');
    await expect.poll(async () => (await preview.textContent()) ?? '', { timeout: 10_000 }).toMatch(/\S/);
    const subject = await preview.locator('.preview-subject').textContent();
    expect(subject).toBeTruthy();
    // The HTML version is shown in a sandboxed frame, about that customer's invoices (1003, 1004).
    const frame = preview.locator('iframe');
    expect(await frame.getAttribute('sandbox')).toBe('');
    const body = page.frameLocator('[data-testid=template-preview] iframe').locator('body');
    await expect.poll(async () => (await body.textContent()) ?? '').toContain('1003');
    expect(subject).toContain('1004');
    await frame.screenshot({ path: 'test/artifacts/screenshots/08-preview-frame.png' });
    await h.screenshot(page, '07-procedure-preview');
  });

  it('names every control and reaches every action by keyboard', async () => {
    for (const path of ['/app/', '/app/customers', '/app/worklist', '/app/procedures', '/app/settings']) {
      await page.goto(path);
      await page.locator('main h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      expect({ path, unnamed: await unnamedControls(page) }).toEqual({ path, unnamed: [] });
    }
    // The customer page: every button and field is reached by Tab, in order, starting with the skip link.
    await page.goto('/app/customers?q=Sud');
    await page.getByRole('link', { name: PLAIN_NAME }).click();
    await page.getByTestId('customer-name').waitFor();
    await page.waitForLoadState('networkidle');
    expect(await unnamedControls(page)).toEqual([]);
    const reached = await tabOrder(page);
    const all = await controlKeys(page);
    expect(all.every((k) => k !== null && reached.includes(k))).toBe(true);
    expect(await firstTabbedText(page)).toBe('Skip to content');
    expect(h.failures).toEqual([]);
  });
});
