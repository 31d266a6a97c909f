// AmazingStore share page, dedicated worker (docs/sharing.md "The page in a browser"): runs the data path
// (pipeline.js: Range requests, verified and decrypted by the page's decrypting workers, whose ports come with
// start) and writes the plaintext into one file of the origin-private file system with a synchronous access
// handle (in place, nothing kept in memory), so that no chunk crosses to the page; the page then hands the
// browser an ordinary download of that file. Messages: start {file, src, head, keys} → unavailable (no usable
// OPFS: nothing fetched) | progress {bytes}… → done {waits} | error {message, share, quota}; abort → aborted.
// The file is removed on every error and abort.
'use strict';
importScripts('/s/assets/ase1.js', '/s/assets/pipeline.js');

let aborted = false;

async function openFile(dir, name) {
  const handle = await (await dir.getFileHandle(name, { create: true })).createSyncAccessHandle();
  handle.truncate(0);
  return handle;
}

async function run({ file, src, head, keys }, ports) {
  let dir, handle;
  try {
    dir = await navigator.storage.getDirectory();
    handle = await openFile(dir, file);
  } catch {
    try { if (dir) await dir.removeEntry(file); } catch { /* never made */ }
    return self.postMessage({ type: 'unavailable' });
  }
  const waits = {};
  try {
    let at = 0, reported = 0, shown = performance.now();
    for await (const chunk of SharePipeline.plaintextChunks(src, head, keys, waits, ports)) {
      if (aborted) throw new Error('aborted');
      const t0 = performance.now();
      if (handle.write(chunk, { at }) !== chunk.length) throw new DOMException('short write', 'QuotaExceededError');
      at += chunk.length;
      const now = performance.now();
      waits.write = (waits.write || 0) + now - t0;
      if (now - shown >= 100) { self.postMessage({ type: 'progress', bytes: at - reported }); reported = at; shown = now; }
    }
    handle.flush();
    handle.close();
    self.postMessage({ type: 'progress', bytes: at - reported });
    self.postMessage({ type: 'done', waits });
  } catch (e) {
    try { handle.close(); } catch { /* already closed */ }
    try { await dir.removeEntry(file); } catch { /* already gone */ }
    self.postMessage(aborted ? { type: 'aborted' } : SharePipeline.toMessage(e));
  }
}

self.onmessage = (event) => {
  const msg = event.data || {};
  if (msg.type === 'start') run(msg, event.ports);
  else if (msg.type === 'abort') aborted = true;
};
