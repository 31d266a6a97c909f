// AmazingStore share page service worker (docs/sharing.md): turns the page's decrypted chunks into one
// ordinary browser download, so a file of any size reaches disk with bounded memory. The page sends the
// name, size, a MessagePort and, where the browser can transfer one, the plaintext as a ReadableStream; the
// download URL /s/assets/dl/TOKEN then answers with that stream, or with one that pulls one chunk at a time
// from the page over the port. It never sees the key or the ciphertext.
'use strict';

const pending = new Map(); // token -> {name, size, port}

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('message', (event) => {
  const msg = event.data;
  if (!msg || msg.type !== 'download' || !event.ports[0]) return; // 'ping' only keeps the worker alive
  if (!/^[0-9a-f]{32}$/.test(msg.token) || typeof msg.name !== 'string') return;
  const stream = msg.stream instanceof ReadableStream ? msg.stream : null; // the page's plaintext, if it could hand it over
  pending.set(msg.token, { name: msg.name, size: msg.size, port: event.ports[0], stream });
  event.ports[0].postMessage({ type: 'ready' });
});

// RFC 6266 / RFC 8187: an ASCII fallback plus the exact UTF-8 name.
function contentDisposition(name) {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%;]/g, '_');
  const exact = encodeURIComponent(name).replace(/['()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`;
}

function streamFrom(port) {
  let wake = null; // resolves the pending pull once the page answers
  return new ReadableStream({
    start(controller) {
      port.onmessage = (event) => {
        const msg = event.data;
        if (msg.type === 'chunk') controller.enqueue(new Uint8Array(msg.data));
        else if (msg.type === 'end') controller.close();
        else if (msg.type === 'error') controller.error(new Error(msg.message));
        if (wake) { const w = wake; wake = null; w(); }
      };
    },
    pull() {
      return new Promise((resolve) => { wake = resolve; port.postMessage({ type: 'pull' }); });
    },
    cancel() { port.postMessage({ type: 'cancel' }); },
  }, { highWaterMark: 4 });
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  const m = /^\/s\/assets\/dl\/([0-9a-f]{32})$/.exec(url.pathname);
  if (!m || url.origin !== self.location.origin) return;
  const d = pending.get(m[1]);
  if (!d) {
    event.respondWith(new Response('This download is no longer available; start it again from the page.',
      { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } }));
    return;
  }
  pending.delete(m[1]);
  const headers = {
    'Content-Type': 'application/octet-stream',
    'Content-Disposition': contentDisposition(d.name),
    'Content-Length': String(d.size),
    'X-Content-Type-Options': 'nosniff',
  };
  event.respondWith(new Response(d.stream || streamFrom(d.port), { headers }));
});
