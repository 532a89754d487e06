// The HubSpot project in ui-extension/hubspot is the app's manifest: its files must have the shape
// HubSpot documents for platform 2025.2, name the routes the backend serves and the scopes the code
// asks for, and the card must bundle.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { scopeFor } from '../../connectors/hubspot/sandbox/api-gate.ts';
import { HUBSPOT_PATHS, HUBSPOT_SCOPES, PROJECT_DIR } from '../../connectors/hubspot/settings.ts';
import { startHubSpotHarness, type HubSpotHarness } from './harness.ts';

const read = (file: string): unknown => JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, file), 'utf8'));
const uid = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

// The documented fields (developers.hubspot.com, app configuration, platform 2025.2).
const projectSchema = z
  .object({
    name: z.string().min(1),
    srcDir: z.string().min(1),
    platformVersion: z.enum(['2025.2', '2026.03']),
  })
  .strict();
const appSchema = z
  .object({
    uid,
    type: z.literal('app'),
    config: z
      .object({
        name: z.string().min(1).max(200),
        description: z.string().max(8000).optional(),
        distribution: z.enum(['marketplace', 'private']),
        auth: z
          .object({
            type: z.enum(['oauth', 'static']),
            redirectUrls: z.array(z.url()).min(1),
            requiredScopes: z.array(z.string().regex(/^[a-z0-9._-]+$/)).min(1),
            optionalScopes: z.array(z.string()).optional(),
            conditionallyRequiredScopes: z.array(z.string()).optional(),
          })
          .strict(),
        permittedUrls: z
          .object({
            fetch: z.array(z.url({ protocol: /^https$/ })),
            iframe: z.array(z.url()).optional(),
            img: z.array(z.url()).optional(),
          })
          .strict(),
        support: z
          .object({
            supportEmail: z.email().optional(),
            documentationUrl: z.url().optional(),
            supportUrl: z.url().optional(),
            supportPhone: z.string().optional(),
          })
          .optional(),
      })
      .strict(),
  })
  .strict();
const cardSchema = z
  .object({
    uid,
    type: z.literal('card'),
    config: z
      .object({
        name: z.string().min(1),
        description: z.string().optional(),
        location: z.enum(['crm.record.tab', 'crm.record.sidebar', 'crm.preview', 'helpdesk.sidebar']),
        entrypoint: z.string().regex(/^\/app\/cards\/[^/]+\.(jsx|tsx)$/),
        objectTypes: z.array(z.string()).min(1),
      })
      .strict(),
  })
  .strict();

describe('the HubSpot project (the app manifest)', () => {
  const project = projectSchema.parse(read('hsproject.json'));
  const app = appSchema.parse(read(`${project.srcDir}/app/app-hsmeta.json`));
  const cardsDir = path.join(PROJECT_DIR, project.srcDir, 'app/cards');
  const cards = fs
    .readdirSync(cardsDir)
    .filter((f) => f.endsWith('-hsmeta.json'))
    .map((f) => cardSchema.parse(read(`${project.srcDir}/app/cards/${f}`)));

  it('has the documented shape, with a card on company records whose entry registers itself', () => {
    expect(project.platformVersion).toBe('2025.2');
    expect(app.config.auth.type).toBe('oauth');
    expect(cards).toHaveLength(1);
    const card = cards[0]!;
    expect(card.config.objectTypes).toEqual(['companies']);
    const entry = path.join(PROJECT_DIR, project.srcDir, card.config.entrypoint);
    expect(fs.readFileSync(entry, 'utf8')).toContain('hubspot.extend');
    const pkg = JSON.parse(fs.readFileSync(path.join(cardsDir, 'package.json'), 'utf8'));
    expect(Object.keys(pkg.dependencies)).toEqual(
      expect.arrayContaining(['react', '@hubspot/ui-extensions']),
    );
  });

  it('asks for the scopes the code requests, and every scope the calls it makes need', () => {
    expect(app.config.auth.requiredScopes).toEqual([...HUBSPOT_SCOPES]);
    const calls: [string, string][] = [
      ['GET', '/crm/v3/objects/companies'],
      ['GET', '/crm/v3/objects/companies/1'],
      ['POST', '/crm/v3/objects/companies/batch/update'],
      ['POST', '/crm/v3/objects/contacts/search'],
      ['POST', '/crm/v3/objects/notes'],
      ['POST', '/crm/v3/objects/notes/search'],
      ['POST', '/crm/v3/objects/tasks'],
      ['PATCH', '/crm/v3/objects/tasks/1'],
      ['GET', '/crm/v3/properties/companies/relance_collection_status'],
      ['POST', '/crm/v3/properties/companies'],
      ['POST', '/crm/v3/properties/companies/groups'],
    ];
    for (const [method, p] of calls) expect(app.config.auth.requiredScopes).toContain(scopeFor(method, p));
  });

  describe('against the backend', () => {
    let h: HubSpotHarness;
    beforeAll(async () => {
      h = await startHubSpotHarness();
    });
    afterAll(async () => h?.close());

    it('names the redirect and card URLs the backend serves', async () => {
      const redirects = app.config.auth.redirectUrls.map((u) => new URL(u));
      expect(redirects.every((u) => u.pathname === HUBSPOT_PATHS.callback)).toBe(true);
      expect(redirects.some((u) => u.protocol === 'https:')).toBe(true);
      // The install sends exactly this path as redirect_uri.
      const start = await fetch(`${h.appUrl}${HUBSPOT_PATHS.connect}`, {
        redirect: 'manual',
        headers: { authorization: h.bearer },
      });
      expect(new URL(start.headers.get('location') as string).searchParams.get('redirect_uri')).toBe(
        `${h.appUrl}${HUBSPOT_PATHS.callback}`,
      );
      expect((await fetch(`${h.appUrl}${HUBSPOT_PATHS.callback}?code=x&state=forged`)).status).toBe(400);

      const { BACKEND } = (await import('../../ui-extension/hubspot/src/app/cards/card-api.ts')) as {
        BACKEND: string;
      };
      for (const u of app.config.permittedUrls.fetch) {
        expect(new URL(u).hostname).not.toMatch(/^(localhost|127\.)/);
        expect(new URL(u).pathname).toBe(HUBSPOT_PATHS.card);
      }
      expect(app.config.permittedUrls.fetch.some((u) => BACKEND.startsWith(u))).toBe(true);
      // The card's routes exist and refuse what HubSpot did not sign.
      const card = await fetch(`${h.appUrl}${HUBSPOT_PATHS.card}/company/1?portalId=1&userId=1`);
      expect(card.status).toBe(401);
    });
  });

  it('bundles the card with React and @hubspot/ui-extensions', async () => {
    const entry = path.join(PROJECT_DIR, project.srcDir, cards[0]!.config.entrypoint);
    const out = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      target: 'es2020',
      jsx: 'automatic',
      logLevel: 'silent',
      define: { 'process.env.NODE_ENV': '"production"' },
    });
    expect(out.errors).toEqual([]);
    const text = out.outputFiles[0]!.text;
    expect(text).toContain('Record a promise');
    expect(text).toContain('hsFetch'); // hubspot.fetch, bundled from @hubspot/ui-extensions
    expect(text).not.toMatch(/from ["']node:/);
  });
});
