// AmazingStore share page, dedicated worker (docs/sharing.md "Saving"): writes the page's verified plaintext
// chunks into one file of the origin-private file system with a synchronous access handle (in place, no swap
// copy, no memory kept), so the page can then hand the browser an ordinary download of that disk-backed file.
// It never sees the key or the ciphertext. Messages: open {name} → opened | error; write {data} → written |
// error; close → closed | error; abort → aborted (the file is removed).
'use strict';

let dir = null, name = null, handle = null, at = 0;

async function open(fileName) {
  dir = await navigator.storage.getDirectory();
  name = fileName;
  const file = await dir.getFileHandle(name, { create: true });
  handle = await file.createSyncAccessHandle();
  handle.truncate(0);
  at = 0;
}

function write(buffer) {
  const bytes = new Uint8Array(buffer);
  const n = handle.write(bytes, { at });
  if (n !== bytes.length) throw new DOMException('short write', 'QuotaExceededError');
  at += n;
}

async function removeFile() {
  try { if (handle) handle.close(); } catch { /* already closed */ }
  handle = null;
  try { if (dir && name) await dir.removeEntry(name); } catch { /* already gone */ }
}

self.onmessage = async (event) => {
  const msg = event.data || {};
  try {
    if (msg.type === 'open') { await open(msg.name); self.postMessage({ type: 'opened' }); }
    else if (msg.type === 'write') { write(msg.data); self.postMessage({ type: 'written' }); }
    else if (msg.type === 'close') { handle.flush(); handle.close(); handle = null; self.postMessage({ type: 'closed' }); }
    else if (msg.type === 'abort') { await removeFile(); self.postMessage({ type: 'aborted' }); }
  } catch (e) {
    await removeFile();
    self.postMessage({ type: 'error', quota: !!e && e.name === 'QuotaExceededError', message: String(e && e.message) });
  }
};
