// AmazingStore share page, the data path (docs/sharing.md "The page in a browser"): fetches an object's ASE1
// chunks (docs/crypto.md) from the DC in Range requests of many chunks, several in flight, verifies and
// decrypts them with WebCrypto, spread over decrypting workers (decrypt.js), and yields the plaintext in order
// where the bytes end up: in the OPFS worker (opfs.js), the service worker (sw.js), or the page itself when it
// keeps the file in memory. Plaintext moves between threads only as transferred buffers, never copied. The
// workers get the file key as non-extractable CryptoKeys (ase1.js importKeys).
'use strict';
self.SharePipeline = (() => {
  const STREAM_HEADER = 52; // ASE1 header
  const TAG = 16;
  const RANGE_TARGET = 32 << 20; // bytes per Range request (whole chunks)
  const OPENING = 2; // chunks handed to WebCrypto at once by one thread
  const IN_FLIGHT = 4; // ranges fetched and decrypted ahead of the consumer (at least two per decrypting worker)

  class ShareError extends Error {}
  const fail = (message) => { throw new ShareError(message); };

  async function problemDetail(res) {
    try {
      const body = await res.json();
      if (body && typeof body.detail === 'string') return body.detail.slice(0, 300);
    } catch { /* not problem+json */ }
    return `the server answered ${res.status}`;
  }

  // Range answers are read into buffers kept for the next range where the browser can (a BYOB reader): fresh
  // memory is what costs most here (docs/sharing.md "Speed in the browser"). The plaintext cannot be: WebCrypto
  // makes its own.
  const spare = [];
  async function readInto(res, length) {
    let buffer = spare.pop();
    if (!buffer || buffer.byteLength < length) buffer = new ArrayBuffer(length);
    const reader = res.body.getReader({ mode: 'byob' });
    let got = 0;
    while (got < length) {
      const { value, done } = await reader.read(new Uint8Array(buffer, got, length - got));
      if (value) buffer = value.buffer; // the same memory, transferred (also at the end, with no bytes)
      if (done) break;
      got += value.byteLength;
    }
    reader.cancel().catch(() => {}); // anything beyond is not ours
    return new Uint8Array(buffer, 0, got);
  }
  const reuse = (bytes) => { if (spare.length < 2 * IN_FLIGHT) spare.push(bytes.buffer); };

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
    try {
      const byob = res.status === 206 && res.body && typeof ReadableStreamBYOBReader === 'function';
      bytes = byob ? await readInto(res, end - start) : new Uint8Array(await res.arrayBuffer());
    } catch {
      fail('The download was interrupted. Try again.');
    }
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

  // Range r of the object's chunks: whole chunks, perRange of them (fewer at the end).
  function rangeOf(head, r) {
    const sealedFull = head.chunkSize + TAG;
    const perRange = Math.max(1, Math.floor(RANGE_TARGET / sealedFull));
    const first = r * perRange, count = Math.min(perRange, head.chunks - first);
    const start = head.streamStart + first * sealedFull;
    return { first, count, start, end: Math.min(head.total, start + count * sealedFull), sealedFull,
             ranges: Math.ceil(head.chunks / perRange) };
  }

  // What ase1.js needs once per key on this thread (H and its powers), made at the first range.
  const prepared = new WeakMap();
  function preparedFor(keys) {
    if (!prepared.has(keys)) prepared.set(keys, self.Ase1Chunks.prepare(keys));
    return prepared.get(keys);
  }

  // Fetches range r and verifies and decrypts its chunks (all handed to WebCrypto at once, in pieces:
  // ase1.js): their plaintexts (ArrayBuffers of at most 256 KiB) in order, or an error naming the first bad
  // chunk. WebCrypto runs on the calling thread in Chromium, so several workers each running this is what
  // spreads the work over the cores.
  async function decryptRange(src, head, keys, r, signal) {
    const { first, count, start, end, sealedFull } = rangeOf(head, r);
    const { bytes } = await fetchRange(src, start, end, signal);
    if (bytes.length !== end - start) fail('The file on the server is shorter than it should be (truncated).');
    const opener = await preparedFor(keys);
    const open = (k) => {
      const i = first + k;
      return self.Ase1Chunks.open(opener, bytes.subarray(k * sealedFull, Math.min(bytes.length, (k + 1) * sealedFull)),
        chunkNonce(head.header, i), chunkAad(head.header, i, i === head.chunks - 1));
    };
    // OPENING chunks at a time, not the whole range at once: WebCrypto copies every call's input and output
    // into fresh memory, and the less of it is in use at once the more of it is reused warm.
    const plain = [];
    for (let k = 0; k < count; k += OPENING) {
      const batch = [];
      for (let j = k; j < Math.min(count, k + OPENING); j++) batch.push(open(j));
      const results = await Promise.allSettled(batch);
      const bad = results.findIndex((x) => x.status !== 'fulfilled');
      if (bad >= 0) {
        reuse(bytes);
        fail(`Part ${first + k + bad + 1} of ${head.chunks} failed verification: the file was altered, truncated or `
             + 'reordered. Nothing was saved as a good file.');
      }
      for (const x of results) plain.push(...x.value);
    }
    reuse(bytes); // every WebCrypto call has copied its input by now
    return plain;
  }

  // A decrypting worker (decrypt.js) behind a MessagePort: serve(port) there, decryptor(port) here.
  function serve(port) {
    let job = null, abort = new AbortController();
    port.onmessage = async (event) => {
      const m = event.data || {};
      if (m.type === 'init') { job = m; return; }
      if (m.type === 'cancel') { abort.abort(); abort = new AbortController(); return; }
      try {
        const plain = await decryptRange(job.src, job.head, job.keys, m.r, abort.signal);
        port.postMessage({ id: m.id, plain }, plain);
      } catch (e) {
        port.postMessage({ id: m.id, ...toMessage(e) });
      }
    };
  }

  function decryptor(port, src, head, keys) {
    const waiting = new Map();
    let next = 0;
    port.onmessage = (event) => {
      const m = event.data, w = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.type === 'error') w.reject(m.share ? new ShareError(m.message) : new Error(m.message));
      else w.resolve(m.plain);
    };
    port.postMessage({ type: 'init', src, head, keys });
    return {
      range: (r) => new Promise((resolve, reject) => {
        const id = next++;
        waiting.set(id, { resolve, reject });
        port.postMessage({ type: 'range', id, r });
      }),
      cancel: () => port.postMessage({ type: 'cancel' }),
    };
  }

  // Yields each chunk's plaintext (a Uint8Array) in order, once its tag verified. `head` is what the page read
  // from the object's start: {header, chunkSize, chunks, streamStart, total}. Ranges are fetched and decrypted
  // IN_FLIGHT ahead, by the decrypting workers behind `ports` in turn, or here if there are none. Abandoning
  // the generator (return or an error) cancels the requests still in flight.
  async function* plaintextChunks(src, head, keys, waits = {}, ports = []) {
    const { ranges } = rangeOf(head, 0);
    const helpers = ports.map((port) => decryptor(port, src, head, keys));
    const abort = new AbortController();
    const inFlight = Math.max(IN_FLIGHT, 2 * helpers.length);
    const startRange = (r) => {
      const p = helpers.length ? helpers[r % helpers.length].range(r) : decryptRange(src, head, keys, r, abort.signal);
      p.catch(() => {}); // awaited below, in order
      return p;
    };
    const ahead = [];
    try {
      for (let r = 0, queued = 0; r < ranges; r++) {
        while (queued < ranges && queued < r + inFlight) ahead.push(startRange(queued++));
        const plain = await timed(waits, 'range', ahead.shift());
        for (let k = 0; k < plain.length; k++) {
          const chunk = new Uint8Array(plain[k]);
          plain[k] = null; // let the collector have it once handed on
          yield chunk;
        }
      }
    } finally {
      abort.abort();
      helpers.forEach((h) => h.cancel());
    }
  }

  // An error as a message between the page and its workers, and back.
  const toMessage = (e) => ({ type: 'error', share: e instanceof ShareError, quota: !!e && e.name === 'QuotaExceededError',
                              message: String(e && e.message ? e.message : e) });

  return { STREAM_HEADER, TAG, ShareError, fail, fetchRange, plaintextChunks, problemDetail, serve, toMessage };
})();
