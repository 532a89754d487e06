// The Xero app's settings (paths, scopes, webhook events) live in manifests/xero, not in code.
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const manifestSchema = z.object({
  platform: z.literal('xero'),
  appName: z.string(),
  connectPath: z.string().startsWith('/'),
  redirectPath: z.string().startsWith('/'),
  /** "Sign in with Xero" and the app's launch / sign-up URL (App Store listing). */
  signinPath: z.string().startsWith('/'),
  launchPath: z.string().startsWith('/'),
  webhookPath: z.string().startsWith('/'),
  scopes: z.array(z.string().min(1)).min(1),
  webhookEvents: z.array(z.object({ category: z.string(), types: z.array(z.string()) })),
});
export type XeroManifest = z.infer<typeof manifestSchema>;

export const XERO_MANIFEST_URL = new URL('../../manifests/xero/manifest.json', import.meta.url);

export function loadXeroManifest(): XeroManifest {
  return manifestSchema.parse(JSON.parse(readFileSync(XERO_MANIFEST_URL, 'utf8')));
}
