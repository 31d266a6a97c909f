// AmazingStore share page service worker (docs/sharing.md "The page in a browser"): the page's first way to
// save a file (where a service worker runs), this worker runs the data path (pipeline.js: Range requests, verified
// and decrypted by the page's decrypting workers, whose ports come with the message) and answers the download
// URL /s/assets/dl/TOKEN with the plaintext as a stream, so a file of any size reaches disk through one
// ordinary browser download, with bounded memory and no chunk crossing from the page. The page sends {token,
// name, size, src, head, keys} and MessagePorts; the worker verifies the first chunk before it answers ready
// (a dead link never starts a download), then reports progress {bytes}, done {waits} or error over the first.
'use strict';
importScripts('/s/assets/ase1.js', '/s/assets/pipeline.js');

const STREAM_AHEAD = 4; // decrypted chunks queued ahead of the browser's download
const UNCLAIMED_MS = 60000; // a prepared download whose URL is not fetched by then is dropped
const pending = new Map(); // token -> {name, size, port, chunks, first}

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

async function prepare(msg, port, decryptors) {
  const waits = {};
  const chunks = SharePipeline.plaintextChunks(msg.src, msg.head, msg.keys, waits, decryptors);
  try {
    const first = await chunks.next();
    pending.set(msg.token, { name: msg.name, size: msg.size, port, chunks, first, waits });
    port.postMessage({ type: 'ready' });
    setTimeout(() => {
      if (!pending.delete(msg.token)) return;
      chunks.return();
      port.postMessage({ type: 'error', share: true, message: 'The browser did not start the download within a minute. Try again.' });
    }, UNCLAIMED_MS);
  } catch (e) {
    port.postMessage(SharePipeline.toMessage(e));
  }
}

self.addEventListener('message', (event) => {
  const msg = event.data;
  if (msg && msg.type === 'cancel') { // the page gave up on the stream (the browser never fetched its URL)
    const d = pending.get(msg.token);
    if (d && pending.delete(msg.token)) d.chunks.return();
    return;
  }
  if (!msg || msg.type !== 'download' || !event.ports[0]) return; // 'ping' only keeps the worker alive
  if (!/^[0-9a-f]{32}$/.test(msg.token) || typeof msg.name !== 'string' || !(msg.keys && msg.keys.gcm instanceof CryptoKey && msg.keys.ctr instanceof CryptoKey)) return;
  event.waitUntil(prepare(msg, event.ports[0], event.ports.slice(1)));
});

// RFC 6266 / RFC 8187: an ASCII fallback plus the exact UTF-8 name.
function contentDisposition(name) {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%;]/g, '_');
  const exact = encodeURIComponent(name).replace(/['()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`;
}

// The plaintext as the response body: each pull takes the pipeline's next chunk (its Range requests run ahead).
function plaintextStream(d) {
  let item = d.first, sent = 0, shown = performance.now();
  const report = (force) => {
    const now = performance.now();
    if (!force && now - shown < 100) return;
    d.port.postMessage({ type: 'progress', bytes: sent });
    sent = 0; shown = now;
  };
  return new ReadableStream({
    async pull(controller) {
      try {
        if (!item) item = await d.chunks.next();
        for (; !item.done && !item.value.length; item = await d.chunks.next()); // an empty file's one chunk
        if (item.done) {
          controller.close();
          report(true);
          d.port.postMessage({ type: 'done', waits: d.waits });
          return;
        }
        controller.enqueue(item.value);
        sent += item.value.length;
        item = null;
        report(false);
      } catch (e) {
        controller.error(e); // the browser abandons the download: nothing under the final name
        d.port.postMessage(SharePipeline.toMessage(e));
      }
    },
    cancel() {
      d.chunks.return();
      d.port.postMessage({ type: 'error', share: true, message: 'The download was cancelled in the browser.' });
    },
  }, new CountQueuingStrategy({ highWaterMark: STREAM_AHEAD }));
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
  event.respondWith(new Response(plaintextStream(d), { headers }));
});
