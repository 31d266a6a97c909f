// AmazingStore share page, the data path (docs/sharing.md "The page in a browser"): fetches an object's ASE1
// chunks (docs/crypto.md) from the DC in large Range requests, several in flight, verifies and decrypts each
// range's chunks with WebCrypto as soon as its bytes arrive, and yields the plaintext in order. Loaded where the
// bytes end up (the OPFS worker opfs.js, the service worker sw.js, or the page itself when it keeps the file in
// memory), so that no chunk crosses between threads. It gets the key as a non-extractable CryptoKey.
'use strict';
self.SharePipeline = (() => {
  const STREAM_HEADER = 52; // ASE1 header
  const TAG = 16;
  const RANGE_TARGET = 16 << 20; // bytes per Range request (whole chunks)
  const IN_FLIGHT = 4; // Range requests ahead of the consumer: their chunks decrypt while it writes

  class ShareError extends Error {}
  const fail = (message) => { throw new ShareError(message); };

  async function problemDetail(res) {
    try {
      const body = await res.json();
      if (body && typeof body.detail === 'string') return body.detail.slice(0, 300);
    } catch { /* not problem+json */ }
    return `the server answered ${res.status}`;
  }

  // One Range request; exact length or a clear error (a short answer is a truncated file).
  async function fetchRange(src, start, end, signal) {
    let res;
    try {
      res = await fetch(src, { headers: { Range: `bytes=${start}-${end - 1}` }, cache: 'no-store',
                               credentials: 'omit', referrerPolicy: 'no-referrer', signal });
    } catch {
      fail('The server could not be reached. Check your connection and try again.');
    }
    if (res.status === 404 || res.status === 410 || res.status === 403)
      fail(`This link no longer works: ${await problemDetail(res)}.`);
    if (res.status === 416) fail('The file on the server is shorter than it should be (truncated).');
    if (res.status !== 206 && !(res.status === 200 && start === 0)) fail(`Download failed: ${await problemDetail(res)}.`);
    let total = -1;
    const range = /\/(\d+)$/.exec(res.headers.get('Content-Range') || '');
    if (range) total = Number(range[1]);
    else if (res.status === 200) total = Number(res.headers.get('Content-Length'));
    let bytes;
    try { bytes = new Uint8Array(await res.arrayBuffer()); } catch { fail('The download was interrupted. Try again.'); }
    if (res.status === 200) bytes = bytes.subarray(start, end);
    return { bytes, total };
  }

  function chunkNonce(header, i) {
    const iv = new Uint8Array(12);
    iv.set(header.subarray(12, 20));
    new DataView(iv.buffer).setUint32(8, i);
    return iv;
  }

  function chunkAad(header, i, final) {
    const aad = new Uint8Array(STREAM_HEADER + 9);
    aad.set(header);
    const v = new DataView(aad.buffer);
    v.setUint32(STREAM_HEADER, Math.floor(i / 2 ** 32));
    v.setUint32(STREAM_HEADER + 4, i >>> 0);
    aad[STREAM_HEADER + 8] = final ? 1 : 0;
    return aad;
  }

  // Adds the time spent waiting on `promise` to waits[what] (ms), for the benchmark (docs/benchmarks.md).
  const timed = async (waits, what, promise) => {
    const t0 = performance.now();
    try { return await promise; } finally { waits[what] = (waits[what] || 0) + performance.now() - t0; }
  };

  // Yields each chunk's plaintext (a Uint8Array) in order, once its tag verified. `head` is what the page read
  // from the object's start: {header, chunkSize, chunks, streamStart, total}. Each range is fetched whole, then
  // all its chunks go to WebCrypto at once (its own thread); a failure names the first bad chunk. Abandoning
  // the generator (return or an error) cancels the requests still in flight.
  async function* plaintextChunks(src, head, key, waits = {}) {
    const sealedFull = head.chunkSize + TAG;
    const perRange = Math.max(1, Math.floor(RANGE_TARGET / sealedFull));
    const ranges = Math.ceil(head.chunks / perRange);
    const abort = new AbortController();
    const startRange = (r) => {
      const first = r * perRange, count = Math.min(perRange, head.chunks - first);
      const start = head.streamStart + first * sealedFull;
      const end = Math.min(head.total, start + count * sealedFull);
      const decrypts = fetchRange(src, start, end, abort.signal).then(({ bytes }) => {
        if (bytes.length !== end - start) fail('The file on the server is shorter than it should be (truncated).');
        const out = [];
        for (let k = 0; k < count; k++) {
          const i = first + k;
          const p = crypto.subtle.decrypt({ name: 'AES-GCM', iv: chunkNonce(head.header, i),
            additionalData: chunkAad(head.header, i, i === head.chunks - 1), tagLength: 128 }, key,
            bytes.subarray(k * sealedFull, Math.min(bytes.length, (k + 1) * sealedFull)));
          p.catch(() => {}); // awaited below, in order
          out.push(p);
        }
        return out;
      });
      decrypts.catch(() => {}); // awaited below, in order
      return { first, decrypts };
    };
    const ahead = [];
    try {
      for (let r = 0, queued = 0; r < ranges; r++) {
        while (queued < ranges && queued < r + IN_FLIGHT) ahead.push(startRange(queued++));
        const { first, decrypts } = ahead.shift();
        const chunks = await timed(waits, 'fetch', decrypts);
        for (let k = 0; k < chunks.length; k++) {
          let plain;
          try {
            plain = await timed(waits, 'decrypt', chunks[k]);
          } catch {
            fail(`Part ${first + k + 1} of ${head.chunks} failed verification: the file was altered, truncated or `
                 + 'reordered. Nothing was saved as a good file.');
          }
          chunks[k] = null; // let the collector have it once handed on
          yield new Uint8Array(plain);
        }
      }
    } finally {
      abort.abort();
    }
  }

  // An error as a message between the page and its workers, and back.
  const toMessage = (e) => ({ type: 'error', share: e instanceof ShareError, quota: !!e && e.name === 'QuotaExceededError',
                              message: String(e && e.message ? e.message : e) });

  return { STREAM_HEADER, TAG, ShareError, fail, fetchRange, plaintextChunks, timed, toMessage };
})();
