// AmazingStore share page (docs/sharing.md): opens the sealed metadata with the key from the URL fragment,
// then downloads, verifies and decrypts the object's ASE1 chunks (docs/crypto.md) with WebCrypto and saves the
// plaintext through the browser's ordinary download. The key never leaves this page: no request, log or
// Referer carries it. Hooks for tests: #download, #status, data-state on <html> (done | error).
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const root = document.documentElement;
  const utf8 = new TextEncoder();
  const MAX_SEALED = 16 * 1024; // crypto::kMaxSealedMetadataSize
  const STREAM_HEADER = 52; // ASE1 header
  const TAG = 16;
  const RANGE_TARGET = 8 << 20; // bytes per Range request
  const IN_FLIGHT = 3; // Range requests ahead of the decryptor
  const STREAM_AHEAD = 8; // decrypted chunks queued ahead of the browser's download
  const FALLBACK_LIMIT = 512e6; // what this page keeps in memory when it cannot stream to disk
  const OPFS_AHEAD = 8; // decrypted chunks on their way to the OPFS writer
  const OPFS_MARGIN = 64 << 20; // storage left over beyond the file before the OPFS path is taken
  const OPFS_KEEP_MS = 10000; // the private copy outlives the click by this much …
  const OPFS_SLOW_COPY = 20e6; // … plus the time the browser takes to copy it at this many bytes/s

  // Where a download's time went (ms), on <html data-waits> when it ends: for benchmarks (docs/benchmarks.md).
  const waits = { fetch: 0, decrypt: 0, write: 0 };
  const timed = async (what, promise) => {
    const t0 = performance.now();
    try { return await promise; } finally { waits[what] += performance.now() - t0; }
  };

  class ShareError extends Error {}
  const fail = (message) => { throw new ShareError(message); };

  function setState(state, message) {
    root.dataset.state = state;
    if (message !== undefined) $('status').textContent = message;
  }

  // The one unit convention of the CLI and the tray (core/util/Units): decimal, one decimal place.
  function formatBytes(n) {
    if (n < 1000) return `${n} B`;
    const units = ['kB', 'MB', 'GB', 'TB', 'PB'];
    let v = n, u = -1;
    while (v >= 999.95 && u < units.length - 1) { v /= 1000; u++; }
    return `${v.toFixed(1)} ${units[u]}`;
  }

  function formatDuration(s) {
    if (!isFinite(s)) return '…';
    s = Math.max(0, Math.round(s));
    if (s < 60) return `${s} s`;
    if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
    return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  }

  function parseKey(hash) {
    const m = /^#k=([A-Za-z0-9_-]{43})$/.exec(hash);
    if (!m) return null;
    let bin;
    try { bin = atob(m[1].replace(/-/g, '+').replace(/_/g, '/') + '='); } catch { return null; }
    return bin.length === 32 ? Uint8Array.from(bin, (c) => c.charCodeAt(0)) : null;
  }

  // Like crypto::sanitizeFileName, in short: no separators, controls or bidi tricks; no hidden files.
  function safeFileName(name) {
    let s = name.normalize('NFC')
      .replace(/[\u0000-\u001f\u007f-\u009f/\\<>:"|?*\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2028\u2029\ufeff]/g, '_')
      .trim().replace(/\.+$/, '');
    if (s.startsWith('.')) s = '_' + s.slice(1);
    if (/^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i.test(s)) s = '_' + s;
    return s.length ? s.slice(0, 255) : 'download';
  }

  async function problemDetail(res) {
    try {
      const body = await res.json();
      if (body && typeof body.detail === 'string') return body.detail.slice(0, 300);
    } catch { /* not problem+json */ }
    return `the server answered ${res.status}`;
  }

  // One Range request; exact length or a clear error (a short answer is a truncated file).
  async function fetchRange(src, start, end) {
    let res;
    try {
      res = await fetch(src, { headers: { Range: `bytes=${start}-${end - 1}` }, cache: 'no-store',
                               credentials: 'omit', referrerPolicy: 'no-referrer' });
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

  const equalBytes = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

  // "ASO1" | u32 BE length | sealed metadata | ASE1 header (docs/node.md, docs/crypto.md).
  async function openHead(src, rawKey, key) {
    const { bytes, total } = await fetchRange(src, 0, 8 + MAX_SEALED + STREAM_HEADER);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.length < 8 || String.fromCharCode(...bytes.subarray(0, 4)) !== 'ASO1')
      fail('This is not an AmazingStore file, or it is damaged.');
    const len = view.getUint32(4);
    if (len < 29 || len > MAX_SEALED || bytes.length < 8 + len + STREAM_HEADER || bytes[8] !== 1)
      fail('The file is damaged: its sealed name and size cannot be read.');
    const sealed = bytes.subarray(8, 8 + len);
    let meta;
    try {
      const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.subarray(1, 13),
        additionalData: utf8.encode('AmazingStore sealed metadata v1'), tagLength: 128 }, key, sealed.subarray(13));
      meta = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plain));
    } catch {
      fail("The key in this link does not open this file: the link is incomplete or wrong, or the file was altered.");
    }
    if (!meta || meta.v !== 1 || typeof meta.name !== 'string' || !meta.name.length || meta.name.length > 4096
        || !Number.isSafeInteger(meta.size) || meta.size < 0)
      fail('The file\'s sealed description is malformed.');
    const header = bytes.slice(8 + len, 8 + len + STREAM_HEADER);
    const hv = new DataView(header.buffer);
    const chunkSize = hv.getUint32(8);
    if (String.fromCharCode(...header.subarray(0, 4)) !== 'ASE1' || header[4] !== 1 || header[5] | header[6] | header[7]
        || chunkSize < 4096 || chunkSize > 64 << 20)
      fail('The file is damaged: its encryption header is not valid.');
    const label = utf8.encode('AmazingStore ASE1 key commitment');
    const committed = new Uint8Array(label.length + 32 + 20);
    committed.set(label); committed.set(rawKey, label.length); committed.set(header.subarray(0, 20), label.length + 32);
    if (!equalBytes(new Uint8Array(await crypto.subtle.digest('SHA-256', committed)), header.subarray(20, 52)))
      fail('The key in this link does not match this file, or the file\'s header was altered.');
    const chunks = Math.max(1, Math.ceil(meta.size / chunkSize));
    const expected = 8 + len + STREAM_HEADER + meta.size + TAG * chunks;
    if (total !== expected)
      fail(`The file on the server has ${total} bytes where ${expected} were expected: it was truncated or extended.`);
    return { name: meta.name, size: meta.size, header, chunkSize, chunks, streamStart: 8 + len + STREAM_HEADER, total };
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

  // Yields each chunk's plaintext in order, once its tag verified. Ranges are whole chunks, fetched ahead.
  async function* plaintextChunks(src, head, key) {
    const sealedFull = head.chunkSize + TAG;
    const perRange = Math.max(1, Math.floor(RANGE_TARGET / sealedFull));
    const rangeOf = (first) => {
      const start = head.streamStart + first * sealedFull;
      return fetchRange(src, start, Math.min(head.total, start + perRange * sealedFull));
    };
    const ahead = [];
    for (let first = 0, queued = 0; first < head.chunks; first += perRange) {
      while (ahead.length < IN_FLIGHT && queued < head.chunks) {
        const p = rangeOf(queued);
        p.catch(() => {}); // awaited below, in order
        ahead.push(p);
        queued += perRange;
      }
      const { bytes } = await timed('fetch', ahead.shift());
      const count = Math.min(perRange, head.chunks - first);
      const lastIndex = first + count - 1;
      const want = (count - 1) * sealedFull + (lastIndex === head.chunks - 1
        ? head.total - head.streamStart - (head.chunks - 1) * sealedFull : sealedFull);
      if (bytes.length !== want) fail('The file on the server is shorter than it should be (truncated).');
      // All chunks of a range are decrypted at once (WebCrypto works on its own threads), then handed on
      // in order: a failure names the first bad chunk.
      const decrypted = [];
      for (let k = 0; k < count; k++) {
        const i = first + k, final = i === head.chunks - 1;
        const sealed = bytes.subarray(k * sealedFull, Math.min(bytes.length, (k + 1) * sealedFull));
        const p = crypto.subtle.decrypt({ name: 'AES-GCM', iv: chunkNonce(head.header, i),
          additionalData: chunkAad(head.header, i, final), tagLength: 128 }, key, sealed);
        p.catch(() => {}); // awaited below, in order
        decrypted.push(p);
      }
      for (let k = 0; k < count; k++) {
        const i = first + k;
        let plain;
        try {
          plain = await timed('decrypt', decrypted[k]);
        } catch {
          fail(`Part ${i + 1} of ${head.chunks} failed verification: the file was altered, truncated or reordered. `
               + 'Nothing was saved as a good file.');
        }
        yield new Uint8Array(plain);
      }
    }
  }

  // Streams into one browser download through the service worker (bounded memory). Where the browser can
  // hand a stream to the worker (transferable streams), the worker's response reads it directly with the
  // streams' own back-pressure; otherwise chunks go over a MessagePort, one per pull of the worker.
  async function openStreamWriter(worker, name, size) {
    const token = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
    const channel = new MessageChannel();
    const port = channel.port1;
    let credits = 0, wake = null, cancelled = false;
    const ready = new Promise((resolve) => {
      port.onmessage = (event) => {
        const t = event.data && event.data.type;
        if (t === 'ready') resolve();
        else if (t === 'pull') credits++;
        else if (t === 'cancel') cancelled = true;
        if (wake) { const w = wake; wake = null; w(); }
      };
    });
    let pipe = new TransformStream(undefined, new CountQueuingStrategy({ highWaterMark: STREAM_AHEAD }));
    try {
      worker.postMessage({ type: 'download', token, name, size, stream: pipe.readable }, [channel.port2, pipe.readable]);
    } catch {
      pipe = null; // no transferable streams here
      worker.postMessage({ type: 'download', token, name, size }, [channel.port2]);
    }
    await ready;
    const frame = document.createElement('iframe');
    frame.hidden = true;
    frame.src = `/s/assets/dl/${token}`;
    document.body.appendChild(frame);
    const keepAlive = setInterval(() => worker.postMessage({ type: 'ping' }), 10000);
    if (pipe) {
      const out = pipe.writable.getWriter();
      return {
        kind: 'stream',
        async write(chunk) {
          if (!chunk.length) return;
          try { await out.ready; } catch { cancelled = true; }
          if (cancelled) fail('The download was cancelled in the browser.');
          out.write(chunk).catch(() => { cancelled = true; });
        },
        async close() { await out.close(); clearInterval(keepAlive); },
        abort(message) { out.abort(message).catch(() => {}); clearInterval(keepAlive); },
      };
    }
    const waitCredit = async () => {
      while (!credits && !cancelled) await new Promise((resolve) => { wake = resolve; });
      if (cancelled) fail('The download was cancelled in the browser.');
      credits--;
    };
    return {
      kind: 'stream',
      async write(chunk) {
        if (!chunk.length) return;
        await waitCredit();
        port.postMessage({ type: 'chunk', data: chunk.buffer }, [chunk.buffer]);
      },
      async close() { port.postMessage({ type: 'end' }); clearInterval(keepAlive); },
      abort(message) { port.postMessage({ type: 'error', message }); clearInterval(keepAlive); },
    };
  }

  // The origin-private file system (OPFS): a dedicated worker writes the verified plaintext into a private
  // file, then the page hands the browser an ordinary download of that file (a blob URL of a disk-backed
  // File: the browser copies it at disk speed). Used where the browser has OPFS and room for the file;
  // null otherwise (the caller falls back to the service-worker stream). The private copy is removed at once
  // on error, and once the browser had time to copy it (keepMs) by the page's timer or, if the page was
  // closed before, by the next share page opened in this browser (sweepPrivateCopies).
  const keepMs = (size) => OPFS_KEEP_MS + size / OPFS_SLOW_COPY * 1000;

  function hasOpfs() {
    // createSyncAccessHandle exists in dedicated workers only: where it is missing, the worker's "open" fails
    // and the page takes the stream path.
    return !!navigator.storage && typeof navigator.storage.getDirectory === 'function' && typeof Worker === 'function';
  }

  async function sweepPrivateCopies() {
    if (!hasOpfs()) return;
    try {
      const dir = await navigator.storage.getDirectory();
      for await (const [entry, handle] of dir.entries()) {
        if (!entry.endsWith('.part') || handle.kind !== 'file') continue;
        try {
          const file = await handle.getFile();
          if (Date.now() - file.lastModified > keepMs(file.size)) await dir.removeEntry(entry);
        } catch { /* being written by another page */ }
      }
    } catch { /* no OPFS after all */ }
  }

  async function opfsDirectory(size) {
    if (!hasOpfs()) return null;
    try {
      const { quota, usage } = await navigator.storage.estimate();
      return quota - usage > size + OPFS_MARGIN ? await navigator.storage.getDirectory() : null;
    } catch {
      return null;
    }
  }

  async function openOpfsWriter(name, size) {
    const dir = await opfsDirectory(size);
    if (!dir) return null;
    const file = `${Date.now()}-${Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('')}.part`;
    const worker = new Worker('/s/assets/opfs.js');
    let waiting = [], failure = null, inFlight = 0;
    worker.onmessage = (event) => {
      const m = event.data;
      if (m.type === 'written') inFlight--;
      if (m.type === 'error') failure = m.quota ? 'The browser ran out of storage space for this file. Free some space, or open it in the AmazingStore app.'
                                                : `The browser could not write the file: ${m.message}`;
      const w = waiting; waiting = [];
      w.forEach((f) => f(m));
    };
    worker.onerror = () => { // the script did not load or threw: same as an error answer
      failure = failure || 'The browser could not start writing the file.';
      const w = waiting; waiting = [];
      w.forEach((f) => f({ type: 'error' }));
    };
    const next = () => new Promise((resolve) => waiting.push(resolve));
    const ask = async (msg, want) => {
      worker.postMessage(msg);
      for (;;) {
        const m = await next();
        if (failure) { worker.terminate(); fail(failure); }
        if (m.type === want) return;
      }
    };
    try {
      await ask({ type: 'open', name: file }, 'opened');
    } catch {
      worker.terminate();
      return null; // no usable OPFS after all: the stream path
    }
    return {
      kind: 'opfs',
      async write(chunk) {
        if (!chunk.length) return;
        while (inFlight >= OPFS_AHEAD && !failure) await next();
        if (failure) { worker.terminate(); fail(failure); }
        inFlight++;
        worker.postMessage({ type: 'write', data: chunk.buffer }, [chunk.buffer]);
      },
      async close() {
        await ask({ type: 'close' }, 'closed');
        worker.terminate();
        const url = URL.createObjectURL(await (await dir.getFileHandle(file)).getFile());
        const a = document.createElement('a');
        a.href = url; a.download = name; a.rel = 'noopener';
        document.body.appendChild(a); a.click(); a.remove();
        setTimeout(() => { URL.revokeObjectURL(url); dir.removeEntry(file).catch(() => {}); }, keepMs(size));
      },
      abort() {
        if (failure) return; // the worker already removed the file
        worker.postMessage({ type: 'abort' }); // after the writes still queued: wait for its answer, not theirs
        (async () => {
          for (let m = await next(); m.type !== 'aborted' && m.type !== 'error'; m = await next());
          worker.terminate();
        })();
      },
    };
  }

  // Without a service worker (e.g. a page served over plain http from another machine) the file is held in
  // memory, up to FALLBACK_LIMIT, then saved in one go.
  function openMemoryWriter(name) {
    const parts = [];
    return {
      kind: 'memory',
      async write(chunk) { if (chunk.length) parts.push(chunk); },
      async close() {
        const url = URL.createObjectURL(new Blob(parts, { type: 'application/octet-stream' }));
        parts.length = 0;
        const a = document.createElement('a');
        a.href = url; a.download = name; a.rel = 'noopener';
        document.body.appendChild(a); a.click(); a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60000);
      },
      abort() { parts.length = 0; },
    };
  }

  async function streamingWorker() {
    if (!('serviceWorker' in navigator) || !window.isSecureContext) return null;
    try {
      const reg = await navigator.serviceWorker.register('/s/assets/sw.js', { scope: '/s/assets/' });
      const w = reg.active || reg.waiting || reg.installing;
      if (w && w.state !== 'activated')
        await new Promise((resolve) => w.addEventListener('statechange', () => { if (w.state === 'activated') resolve(); }));
      return reg.active;
    } catch {
      return null;
    }
  }

  function progressReporter(total) {
    const bar = $('progress');
    bar.hidden = false;
    bar.max = Math.max(1, total);
    const started = performance.now();
    let done = 0, shown = 0;
    return (n) => {
      done += n;
      bar.value = done;
      const now = performance.now();
      if (now - shown < 250 && done < total) return;
      shown = now;
      const rate = done / Math.max(0.001, (now - started) / 1000);
      $('status').textContent = `Downloading: ${formatBytes(done)} of ${formatBytes(total)}, `
        + `${formatBytes(Math.round(rate))}/s, ${formatDuration((total - done) / rate)} left.`;
    };
  }

  async function download(src, head, rawKey, key, workerPromise) {
    $('download').disabled = true;
    setState('downloading', 'Starting the download…');
    const name = safeFileName(head.name);
    const worker = await workerPromise;
    const tooLarge = () => fail(`This browser cannot stream to disk here, so this page can only save files up to ${formatBytes(FALLBACK_LIMIT)}; `
      + 'this one has ' + formatBytes(head.size) + '. Open it in the AmazingStore app instead.');
    if (!worker && !hasOpfs() && head.size > FALLBACK_LIMIT) tooLarge();
    // The first chunk is verified before anything is written: a dead link or a damaged start never begins
    // a download.
    const chunks = plaintextChunks(src, head, key);
    const first = await chunks.next();
    let writer = await openOpfsWriter(name, head.size);
    if (!writer && !worker && head.size > FALLBACK_LIMIT) tooLarge();
    if (!writer) writer = worker ? await openStreamWriter(worker, name, head.size) : openMemoryWriter(name);
    root.dataset.saver = writer.kind; // opfs | stream | memory: which way the file is saved
    const progress = progressReporter(head.size);
    try {
      for (let item = first; !item.done; item = await chunks.next()) {
        const n = item.value.length;
        await timed('write', writer.write(item.value));
        progress(n);
      }
      await timed('write', writer.close());
      root.dataset.waits = JSON.stringify(Object.fromEntries(Object.entries(waits).map(([k, v]) => [k, Math.round(v)])));
    } catch (e) {
      writer.abort(e instanceof ShareError ? e.message : 'failed');
      throw e;
    }
    setState('done', `Saved “${name}” (${formatBytes(head.size)}) to your downloads.`);
  }

  function report(e) {
    setState('error', e instanceof ShareError ? e.message : `Something went wrong: ${e && e.message ? e.message : e}`);
    $('download').disabled = true;
  }

  async function main() {
    const hash = location.hash;
    const open = $('open');
    if (/^#k=[A-Za-z0-9_-]{16,128}$/.test(hash)) { open.href += hash; }
    const src = root.dataset.src;
    if (!src) return; // the server already said why nothing can be downloaded
    sweepPrivateCopies();
    const rawKey = parseKey(hash);
    if (!rawKey)
      return setState('error', hash ? 'This link is damaged: the key after “#k=” is not valid. Ask for the link again.'
                                    : 'This link is incomplete: the part after “#” holds the key. Copy the whole link.');
    if (!window.crypto || !crypto.subtle)
      return setState('error', 'This browser cannot decrypt here (no WebCrypto: open the page over https or on this computer).');
    const key = await crypto.subtle.importKey('raw', rawKey, 'AES-GCM', false, ['decrypt']);
    // A worker that does not come up within 5 s (a browser that never activates it) means the memory fallback.
    const workerPromise = Promise.race([streamingWorker(), new Promise((resolve) => setTimeout(() => resolve(null), 5000))]);
    try {
      setState('opening', 'Opening the file…');
      const head = await openHead(src, rawKey, key);
      $('name').textContent = head.name; // text, never markup
      $('size').textContent = `${formatBytes(head.size)} (${head.size} bytes)`;
      document.title = `${head.name} — AmazingStore`;
      const worker = await workerPromise;
      setState('ready', worker || hasOpfs() || head.size <= FALLBACK_LIMIT ? 'Ready to download.'
        : `This browser cannot stream to disk here: files up to ${formatBytes(FALLBACK_LIMIT)} only. Use the app.`);
      const button = $('download');
      button.disabled = false;
      button.addEventListener('click', () => download(src, head, rawKey, key, workerPromise).catch(report), { once: true });
    } catch (e) {
      report(e);
    }
  }

  main().catch(report);
})();
