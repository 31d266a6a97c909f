// AmazingStore share page (docs/sharing.md): opens the sealed metadata with the key from the URL fragment,
// then has the object's ASE1 chunks (docs/crypto.md) downloaded, verified and decrypted with WebCrypto
// (pipeline.js) where the plaintext is saved: in its service worker, in its OPFS worker, or here. The file
// reaches disk through the browser's ordinary download. The key never leaves the browser: no request, log or
// Referer carries it; the workers get it as a non-extractable CryptoKey. Hooks for tests: #download, #status,
// data-state on <html> (done | error).
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const root = document.documentElement;
  const utf8 = new TextEncoder();
  const { STREAM_HEADER, TAG, ShareError, fail, fetchRange, plaintextChunks, problemDetail } = self.SharePipeline;
  const MAX_SEALED = 16 * 1024; // crypto::kMaxSealedMetadataSize
  const FALLBACK_LIMIT = 512e6; // what this page keeps in memory when it cannot stream to disk
  const OPFS_MARGIN = 64 << 20; // storage left over beyond the file before the OPFS path is taken
  const OPFS_KEEP_MS = 10000; // the private copy outlives the click by this much …
  const OPFS_SLOW_COPY = 20e6; // … plus the time the browser takes to copy it at this many bytes/s
  const STREAM_SLOW_MS = 10000; // a stream download the browser has not started reading by then is reported

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

  const equalBytes = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

  // "ASO1" | u32 BE length | sealed metadata | ASE1 header (docs/node.md, docs/crypto.md).
  async function openHead(src, rawKey, keys) {
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
        additionalData: utf8.encode('AmazingStore sealed metadata v1'), tagLength: 128 }, keys.gcm, sealed.subarray(13));
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

  // The origin-private file system (OPFS): a dedicated worker writes the verified plaintext into a private
  // file, then the page hands the browser an ordinary download of that file (a blob URL of a disk-backed
  // File: the browser copies it at disk speed). Used where the browser has OPFS and room for the file;
  // null otherwise (the caller falls back to memory). The private copy is removed at once
  // on error, and once the browser had time to copy it (keepMs) by the page's timer or, if the page was
  // closed before, by the next share page opened in this browser (sweepPrivateCopies).
  const keepMs = (size) => OPFS_KEEP_MS + size / OPFS_SLOW_COPY * 1000;

  function hasOpfs() {
    // createSyncAccessHandle exists in dedicated workers only: where it is missing, the worker's "open" fails
    // and the page keeps the file in memory.
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

  // Decrypting workers (decrypt.js), one per core (2 to 4): where the file is saved asks them for ranges over
  // the MessagePorts handed to it. WebCrypto works on the calling thread, so this is what uses several cores.
  function startDecryptors() {
    const n = Math.max(2, Math.min(4, navigator.hardwareConcurrency || 2));
    const workers = [], ports = [];
    for (let i = 0; i < n; i++) {
      const worker = new Worker('/s/assets/decrypt.js');
      const channel = new MessageChannel();
      worker.postMessage({ type: 'serve' }, [channel.port1]);
      workers.push(worker);
      ports.push(channel.port2);
    }
    return { ports, stop: () => workers.forEach((w) => w.terminate()) };
  }

  const randomHex = (n) => Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => b.toString(16).padStart(2, '0')).join('');

  // Saves through OPFS: the worker (opfs.js) fetches, verifies, decrypts and writes; here only its progress
  // arrives. Once it is done the browser gets an ordinary download of the private file. Null when OPFS is
  // missing or too small (nothing was fetched): the caller keeps the file in memory.
  async function saveThroughOpfs(src, head, keys, name, progress) {
    const dir = await opfsDirectory(head.size);
    if (!dir) return null;
    const file = `${Date.now()}-${randomHex(8)}.part`;
    const worker = new Worker('/s/assets/opfs.js');
    const decryptors = startDecryptors();
    const outcome = await new Promise((resolve) => {
      let started = false;
      worker.onmessage = (event) => {
        const m = event.data || {};
        if (m.type === 'progress') { started = true; root.dataset.saver = 'opfs'; progress(m.bytes); }
        else resolve(m); // unavailable | done | error | aborted
      };
      worker.onerror = () => resolve(started ? { type: 'error', message: 'its worker stopped' } : { type: 'unavailable' });
      worker.postMessage({ type: 'start', file, src, head, keys }, decryptors.ports);
    });
    worker.terminate();
    decryptors.stop();
    if (outcome.type === 'unavailable') return null;
    if (outcome.type !== 'done')
      fail(outcome.share ? outcome.message : outcome.quota
        ? 'The browser ran out of storage space for this file. Free some space, or open it in the AmazingStore app.'
        : `The browser could not write the file: ${outcome.message}`);
    root.dataset.saver = 'opfs';
    const url = URL.createObjectURL(await (await dir.getFileHandle(file)).getFile());
    const a = document.createElement('a');
    a.href = url; a.download = name; a.rel = 'noopener';
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(() => { URL.revokeObjectURL(url); dir.removeEntry(file).catch(() => {}); }, keepMs(head.size));
    return outcome.waits;
  }

  // Saves through the service worker's stream (sw.js): the worker runs the data path and answers a hidden
  // frame's request for /s/assets/dl/TOKEN with the plaintext, once it verified the first chunk. Null when the
  // browser did not take that request to the worker (a hard reload bypasses service workers; the frame then
  // shows the DC's 404): nothing was saved, and the caller takes OPFS. A browser that never fetches the URL gets
  // the worker's error after 60 s; one that fetched it but reads nothing yet (a save dialog left open) is waited
  // for, with a note after STREAM_SLOW_MS.
  async function saveThroughStream(worker, src, head, keys, name, progress) {
    const token = randomHex(16);
    const channel = new MessageChannel();
    let ready, finished, claimed;
    const isReady = new Promise((resolve, reject) => { ready = { resolve, reject }; });
    const isDone = new Promise((resolve, reject) => { finished = { resolve, reject }; });
    const isClaimed = new Promise((resolve) => { claimed = resolve; });
    isDone.catch(() => {}); // awaited below, once ready
    channel.port1.onmessage = (event) => {
      const m = event.data || {};
      if (m.type !== 'ready') claimed(true);
      if (m.type === 'ready') ready.resolve();
      else if (m.type === 'progress') progress(m.bytes);
      else if (m.type === 'done') finished.resolve(m.waits);
      else if (m.type === 'error') {
        const e = new ShareError(m.share ? m.message : `Download failed: ${m.message}`);
        ready.reject(e); finished.reject(e);
      }
    };
    const decryptors = startDecryptors();
    worker.postMessage({ type: 'download', token, name, size: head.size, src, head, keys },
                       [channel.port2, ...decryptors.ports]);
    const keepAlive = setInterval(() => worker.postMessage({ type: 'ping' }), 10000);
    try {
      await isReady;
      root.dataset.saver = 'stream';
      const frame = document.createElement('iframe');
      frame.hidden = true;
      frame.src = `/s/assets/dl/${token}`;
      // A download loads no document in the frame (it stays at about:blank): any other document there is the
      // DC's answer, or the browser's error page for it (which this page cannot read).
      frame.addEventListener('load', () => {
        let url = null;
        try { url = frame.contentDocument ? frame.contentDocument.URL : null; } catch { /* another origin's */ }
        if (url !== 'about:blank') claimed(false);
      });
      document.body.appendChild(frame);
      const slow = setTimeout(() => setState('downloading', 'Waiting for the browser to start the download…'), STREAM_SLOW_MS);
      const taken = await isClaimed;
      clearTimeout(slow);
      if (!taken) {
        worker.postMessage({ type: 'cancel', token });
        frame.remove();
        delete root.dataset.saver;
        return null;
      }
      return await isDone;
    } finally {
      clearInterval(keepAlive);
      decryptors.stop();
    }
  }

  // With neither a service worker nor OPFS (e.g. a page served over plain http from another machine) the page
  // runs the data path itself and holds the file in memory, up to FALLBACK_LIMIT, then saves it in one go.
  async function saveInMemory(src, head, keys, name, progress) {
    root.dataset.saver = 'memory';
    const waits = {}, parts = [], decryptors = startDecryptors();
    try {
      for await (const chunk of plaintextChunks(src, head, keys, waits, decryptors.ports)) {
        if (chunk.length) parts.push(chunk);
        progress(chunk.length);
      }
    } finally {
      decryptors.stop();
    }
    const url = URL.createObjectURL(new Blob(parts, { type: 'application/octet-stream' }));
    parts.length = 0;
    const a = document.createElement('a');
    a.href = url; a.download = name; a.rel = 'noopener';
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    return waits;
  }

  async function streamingWorker() {
    if (!('serviceWorker' in navigator) || !window.isSecureContext) return null;
    try {
      const reg = await navigator.serviceWorker.register('/s/assets/sw.js', { scope: '/s/assets/' });
      // A newer worker (this DC's, after an update) replaces the one a page of an older DC left active: the
      // page and its worker must speak the same messages.
      const w = reg.installing || reg.waiting || reg.active;
      if (w && w.state !== 'activated')
        await new Promise((resolve) => w.addEventListener('statechange', () => {
          if (w.state === 'activated' || w.state === 'redundant') resolve();
        }));
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

  async function download(src, head, keys, workerPromise) {
    const clicked = performance.now(), timeline = {};
    const mark = (what) => { if (!(what in timeline)) timeline[what] = Math.round(performance.now() - clicked); };
    $('download').disabled = true;
    setState('downloading', 'Starting the download…');
    const name = safeFileName(head.name);
    const worker = await workerPromise;
    const tooLarge = () => fail(`This browser cannot stream to disk here, so this page can only save files up to ${formatBytes(FALLBACK_LIMIT)}; `
      + 'this one has ' + formatBytes(head.size) + '. Open it in the AmazingStore app instead.');
    if (!worker && !hasOpfs() && head.size > FALLBACK_LIMIT) tooLarge();
    const report = progressReporter(head.size);
    const progress = (n) => { mark('first'); report(n); };
    // The stream first: it is the fastest (docs/sharing.md "Speed in the browser"); then OPFS; then memory.
    let waits = worker ? await saveThroughStream(worker, src, head, keys, name, progress) : null;
    if (!waits) waits = await saveThroughOpfs(src, head, keys, name, progress);
    if (!waits) {
      if (head.size > FALLBACK_LIMIT) tooLarge();
      waits = await saveInMemory(src, head, keys, name, progress);
    }
    mark('handed'); // the last chunk verified and the browser's download started (or, streaming, fed)
    // Where the time went (ms), for benchmarks (docs/benchmarks.md): waits on Range answers, WebCrypto, the writer.
    root.dataset.waits = JSON.stringify(Object.fromEntries(Object.entries(waits || {}).map(([k, v]) => [k, Math.round(v)])));
    root.dataset.timeline = JSON.stringify(timeline);
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
    const keys = await self.Ase1Chunks.importKeys(rawKey);
    // A worker that does not come up within 5 s (a browser that never activates it) means the memory fallback.
    const workerPromise = Promise.race([streamingWorker(), new Promise((resolve) => setTimeout(() => resolve(null), 5000))]);
    try {
      setState('opening', 'Opening the file…');
      const head = await openHead(src, rawKey, keys);
      $('name').textContent = head.name; // text, never markup
      $('size').textContent = `${formatBytes(head.size)} (${head.size} bytes)`;
      document.title = `${head.name} — AmazingStore`;
      const worker = await workerPromise;
      setState('ready', worker || hasOpfs() || head.size <= FALLBACK_LIMIT ? 'Ready to download.'
        : `This browser cannot stream to disk here: files up to ${formatBytes(FALLBACK_LIMIT)} only. Use the app.`);
      const button = $('download');
      button.disabled = false;
      button.addEventListener('click', () => download(src, head, keys, workerPromise).catch(report), { once: true });
    } catch (e) {
      report(e);
    }
  }

  main().catch(report);
})();
