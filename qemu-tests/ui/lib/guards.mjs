// What every browser context of the test runs under: Chromium with no
// outbound connections (every host but the guest's origin goes to a proxy
// that is not there), a watcher that records any request for another
// origin, a CSP-violation listener, and a console/page-error watcher. Also
// the axe-core pass.
//
// No request interception (context.route): with it, Chromium pauses every
// request until the driver answers, and a request whose pause and
// announcement the driver failed to pair hung a page load for good (seen
// as a 30 s page.goto timeout with nothing in flight).
import fs from 'fs';
import { createRequire } from 'module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

// Nothing but the page's own requests: no component updates, no metrics,
// no safe-browsing lists, no sync, no translation, no first-run pages.
export const CHROMIUM_ARGS = [
  '--no-sandbox', // the test runs as root in a container; the page is our own
  '--disable-background-networking', '--disable-component-update', '--no-first-run',
  '--disable-default-apps', '--disable-sync', '--metrics-recording-only',
  '--disable-domain-reliability', '--disable-client-side-phishing-detection', '--disable-breakpad',
  '--no-pings', '--safebrowsing-disable-auto-update', '--password-store=basic', '--use-mock-keychain',
  '--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication,' +
    'CertificateTransparencyComponentUpdater,InterestFeedContentSuggestions',
];

// Only the guest's origin is reached directly; everything else, loopback
// included (`<-loopback>` drops Chromium's implicit bypass), is sent to a
// proxy on the discard port, where nothing listens, and fails. spki (base64
// SHA-256 of a public key, tls.mjs loadCert): the one self-signed key
// Chromium accepts (for any name; the certificate names localhost, the
// page is 127.0.0.1); any other certificate still fails. It takes effect
// only with a --user-data-dir, which playwright always passes.
export function launch(executablePath, origin, spki) {
  const { host } = new URL(origin);
  const offline = ['--proxy-server=http://127.0.0.1:9', `--proxy-bypass-list=<-loopback>;${host}`];
  const trust = spki ? [`--ignore-certificate-errors-spki-list=${spki}`] : [];
  return chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS, ...offline, ...trust] });
}

// Same scheme family, host and port as `origin` (ws: counts as http:), or
// a blob:/data: URL the page made itself.
export function sameOrigin(url, origin) {
  if (/^(blob|data):/.test(url)) return true;
  const u = new URL(url);
  const o = new URL(origin);
  const scheme = u.protocol.replace(/^ws/, 'http');
  return scheme === o.protocol && u.host === o.host;
}

// A terminalRead request (services/web-ui/API.md, "Terminal calls").
export function isPoll(request) {
  return new URL(request.url()).pathname === '/api/rpc' && (request.postData() || '').includes('"terminalRead"');
}

// Chrome reports a fetch answered 4xx as a console error. Those are allowed
// only when the answer was a typed denial (API.md: the body says why).
const NETWORK_ERROR = /^Failed to load resource: the server responded with a status of (\d{3})/;
const OFFLINE_ERROR = /net::ERR_INTERNET_DISCONNECTED|net::ERR_CONNECTION_RESET|WebSocket connection to .* failed/;

export class Watch {
  constructor(origin, phase = () => '') {
    this.origin = origin;
    this.phase = phase;      // names the step a problem happened in
    this.problems = [];      // CSP violations, page errors, unexpected console errors
    this.offOrigin = [];     // requests for any other origin (they fail: see launch)
    this.seen = 0;           // requests seen, and WebSockets opened, in all
    this.sockets = 0;
    this.networkErrors = []; // [{label, status, url}] from the console, matched later
    this.typedDenials = [];  // [{status, url}] answers whose body was a typed denial
    this.requests = [];      // [{label, url, body, at}] every /api/rpc request
    this.warnings = 0;
    this.inFlight = new Map(); // every request not yet answered -> {label, phase, at, api}
    this.lastClick = '';     // the ledger's last click, for the error text
    this.offline = false;    // a proof has taken a context offline on purpose
    this.offlineErrors = 0;  // console errors of requests failed meanwhile
  }

  // Guards one context; label names it in problems ("operator", "peer", ...).
  async attach(context, label) {
    context.on('request', (r) => {
      this.seen += 1;
      if (!sameOrigin(r.url(), this.origin)) this.offOrigin.push(r.url());
    });
    await context.exposeBinding('__caposCsp', (_src, text) => this.problems.push(`${label} (${this.phase()}): CSP violation: ${text}`));
    // Runs before the page's own code in every document of the context.
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__caposCsp(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} in ${e.sourceFile || 'the page'}:${e.lineNumber}`);
      });
    });
    context.on('page', (page) => this.page(page, label));
    for (const page of context.pages()) this.page(page, label);
  }

  page(page, label) {
    page.on('websocket', (ws) => {
      this.sockets += 1;
      if (!sameOrigin(ws.url(), this.origin)) this.offOrigin.push(ws.url());
    });
    page.on('pageerror', (e) => this.problems.push(`${label} (${this.phase()}): uncaught ${e.message.split('\n')[0]}`));
    page.on('console', (m) => {
      if (m.type() === 'warning') this.warnings += 1;
      if (m.type() !== 'error') return;
      // While a proof takes the context offline on purpose, its failed
      // requests are what it expects.
      if (this.offline && OFFLINE_ERROR.test(m.text())) {
        this.offlineErrors += 1;
        return;
      }
      const net = NETWORK_ERROR.exec(m.text());
      if (net) this.networkErrors.push({ label, status: Number(net[1]), url: m.location()?.url || '' });
      else this.problems.push(`${label} (${this.phase()}): console error: ${m.text().slice(0, 200)}`);
    });
    // A terminal's read is a long poll that the guest holds for up to 20 s
    // while the terminal is quiet: the page's background channel, like the
    // push socket. It is neither work in flight (idle() does not wait for
    // it) nor a request a click sent (rpcCount() leaves it out).
    const api = (r) => new URL(r.url()).pathname.startsWith('/api/') && r.resourceType() !== 'websocket' && !isPoll(r);
    page.on('request', (r) => {
      this.inFlight.set(r, { label, phase: this.phase(), at: Date.now(), api: api(r), page });
      if (new URL(r.url()).pathname === '/api/rpc') {
        this.requests.push({ label, url: r.url(), body: r.postData() || '', at: Date.now(), poll: isPoll(r) });
      }
    });
    const done = (r) => this.inFlight.delete(r);
    page.on('requestfinished', done);
    page.on('requestfailed', done);
    // A request still open when its page (or context) closes never gets
    // either event: it is no longer anyone's work in flight.
    page.on('close', () => {
      for (const [r, e] of this.inFlight) if (e.page === page) this.inFlight.delete(r);
    });
    page.on('response', async (r) => {
      if (r.status() < 400 || !new URL(r.url()).pathname.startsWith('/api/')) return;
      try {
        const body = await r.json();
        if (body.denied || body.webDenied) this.typedDenials.push({ status: r.status(), url: r.url() });
      } catch {
        // Not JSON: not a typed denial, so its console error stays unmatched.
      }
    });
  }

  // Resolves once no /api/ request is in flight (and the answers had a
  // moment to render).
  async idle(page, timeoutMs = 15000) {
    const end = Date.now() + timeoutMs;
    do {
      await page.waitForTimeout(40);
      if (this.pending() === 0) return;
    } while (Date.now() < end);
    throw new Error(`requests still in flight after ${timeoutMs} ms (last click ${this.lastClick || 'none'})`);
  }

  // /api/ requests not yet answered, on pages still open.
  pending() {
    let n = 0;
    for (const e of this.inFlight.values()) if (e.api && !e.page.isClosed()) n += 1;
    return n;
  }

  // What a failed proof appends: the requests still unanswered (a stalled
  // connection shows here), polls and push sockets left out.
  describeInFlight() {
    const now = Date.now();
    const open = [...this.inFlight].filter(([r, e]) => !isPoll(r) && r.resourceType() !== 'websocket' && !e.page.isClosed());
    return open.map(([r, e]) => `${e.label} ${r.method()} ${new URL(r.url()).pathname} ${(r.postData() || '').slice(0, 120)} (${now - e.at} ms, sent in ${e.phase || 'setup'})`).join('; ');
  }

  rpcCount(label) {
    return this.requests.filter((r) => !r.poll && (!label || r.label === label)).length;
  }

  // Problems, with each network console error matched to one typed denial
  // of the same status (an unmatched one is a problem).
  check() {
    const pool = [...this.typedDenials];
    const out = [...this.problems];
    for (const n of this.networkErrors) {
      const i = pool.findIndex((d) => d.status === n.status && (!n.url || d.url === n.url));
      if (i >= 0) pool.splice(i, 1);
      else out.push(`${n.label}: HTTP ${n.status} from ${n.url || '?'} without a typed denial body`);
    }
    return out;
  }
}

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_VERSION = JSON.parse(fs.readFileSync(require.resolve('axe-core/package.json'), 'utf8')).version;
export { AXE_VERSION };

// axe-core's violations of impact serious or critical on the current page.
// The source goes in through the DevTools protocol (page.evaluate of the
// script text), which the page's CSP does not govern, so the page is
// checked under its real CSP, not with bypassCSP. preload: false because
// axe would otherwise copy the page's style sheets into <style> elements
// (for its one CSSOM rule, css-orientation-lock), which the CSP rightly
// refuses and the guard would report as the page's violation.
export async function axeSerious(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'], preload: false });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length,
                                      target: (v.nodes[0]?.target || []).join(' '), help: v.help }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
