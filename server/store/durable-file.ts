// Writing files so that they survive a power cut, not only a crash: the data is
// synced before the rename that makes it count, and the directory after it, so
// the new name itself is on the disk.
import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

export async function syncDirectory(fileInIt: string): Promise<void> {
  const handle = await open(dirname(fileInIt), 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Replaces `path` with `text`: a temporary file beside it, synced, renamed over it, the directory synced. */
export async function replaceDurably(path: string, text: string | Uint8Array): Promise<void> {
  const temp = `${path}.tmp`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
  await syncDirectory(path);
}

/** Appends and waits until the bytes are on the disk itself. */
export async function appendDurably(path: string, text: string): Promise<void> {
  const handle = await open(path, 'a');
  try {
    await handle.appendFile(text);
    await handle.datasync();
  } finally {
    await handle.close();
  }
}
