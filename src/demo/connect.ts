// Connecting a demo firm the way a person does: GET /connect/<platform> on the running app, the
// platform's authorize (the sandbox consents at once), then Relance's OAuth callback, over HTTP and
// following the redirects by hand, with the app's cookies kept as a browser would.

export type DemoPlatform = 'quickbooks' | 'xero';

export const PLATFORM_LABEL: Record<DemoPlatform, string> = { quickbooks: 'QuickBooks', xero: 'Xero' };

const MAX_HOPS = 10;

/**
 * `appUrl` is where this process listens; `publicUrl` (PUBLIC_URL, where the platform sends the
 * browser back) is the same app, reached here through `appUrl`.
 */
export async function connectThroughOAuth(
  appUrl: string,
  publicUrl: string,
  platform: DemoPlatform,
): Promise<void> {
  const appOrigin = new URL(appUrl).origin;
  const publicOrigin = new URL(publicUrl).origin;
  const jar = new Map<string, string>();
  const callbackPath = `/oauth/${platform}/callback`;
  let url = new URL(`/connect/${platform}`, appUrl);
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    // The app may be addressed as localhost (PUBLIC_URL) or 127.0.0.1: both are this process.
    const ours = url.origin === publicOrigin || isOurs(url, appOrigin);
    const target = ours ? new URL(`${url.pathname}${url.search}`, appOrigin) : url;
    const headers: Record<string, string> = { accept: 'text/html,application/json' };
    if (ours && jar.size > 0) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(target, { redirect: 'manual', headers, signal: AbortSignal.timeout(30_000) });
    if (ours) for (const c of res.headers.getSetCookie()) keepCookie(jar, c);
    const location = res.headers.get('location');
    const atCallback = ours && url.pathname === callbackPath;
    if (atCallback) {
      if (res.status < 400) {
        await res.body?.cancel();
        return; // connected: where the callback sends the browser next is the panel
      }
      throw new Error(
        `${PLATFORM_LABEL[platform]} OAuth callback answered ${res.status}: ${(await res.text()).slice(0, 300)}`,
      );
    }
    if (res.status >= 300 && res.status < 400 && location) {
      await res.body?.cancel();
      url = new URL(location, url);
      continue;
    }
    throw new Error(
      `${PLATFORM_LABEL[platform]} OAuth stopped at ${url.pathname} with ${res.status}: ${(await res.text()).slice(0, 300)}`,
    );
  }
  throw new Error(`${PLATFORM_LABEL[platform]} OAuth: more than ${MAX_HOPS} redirects`);
}

function isOurs(url: URL, appOrigin: string): boolean {
  if (url.origin === appOrigin) return true;
  const app = new URL(appOrigin);
  const local = (h: string) => h === 'localhost' || h === '127.0.0.1' || h === '[::1]';
  return local(url.hostname) && local(app.hostname) && url.port === app.port;
}

function keepCookie(jar: Map<string, string>, setCookie: string): void {
  const pair = setCookie.split(';')[0] ?? '';
  const eq = pair.indexOf('=');
  if (eq <= 0) return;
  const name = pair.slice(0, eq).trim();
  const value = pair.slice(eq + 1).trim();
  if (/max-age=0\b/i.test(setCookie) || value === '') jar.delete(name);
  else jar.set(name, value);
}
