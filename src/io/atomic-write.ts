import { randomBytes } from 'node:crypto';
import { link, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { VpcformError } from '../errors/index.js';

export interface AtomicWriteOptions {
  /** Refuse when the file exists (`import -o` without `--force`). */
  exclusive?: boolean;
  mode?: number;
}

/**
 * Writes a file so that a reader (or a crash, or `kill -9`) sees either the old content or the
 * complete new one, never a torn file: write a temporary sibling, fsync it, rename it over the
 * target (or, with `exclusive`, link it in place only if the name is free), fsync the directory.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await open(tmp, 'w', options.mode ?? 0o644);
    try {
      await writeContent(handle, data, path);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.exclusive) {
      // link() creates the name only if it is absent: no window in which a file made meanwhile is replaced.
      await link(tmp, path).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'EEXIST') {
          throw new VpcformError('IO_WRITE', {
            summary: `${path} already exists`,
            hint: 'Choose another file name, or pass --force to overwrite it.',
          });
        }
        throw err;
      });
      await unlink(tmp);
    } else {
      await rename(tmp, path);
    }
    await syncDirectory(dir);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    if (err instanceof VpcformError) throw err;
    const e = err as NodeJS.ErrnoException;
    throw new VpcformError('IO_WRITE', {
      summary: `Cannot write ${path}: ${e.code ?? e.message}`,
      hint: 'Check that the directory exists and is writable.',
      cause: err,
    });
  }
}

/**
 * Test only: `VPCFORM_TEST_PAUSE_MID_WRITE_MS=N` writes the first half of the content, says so on
 * stderr (`vpcform-test: paused mid-write of TARGET`), waits N ms, then writes the rest. The durability
 * suite kills the process inside that pause to prove the target is never torn. Unset (always, outside
 * tests), the content is written in one call.
 */
async function writeContent(handle: FileHandle, data: string | Uint8Array, target: string): Promise<void> {
  const pauseMs = Number(process.env['VPCFORM_TEST_PAUSE_MID_WRITE_MS'] ?? '');
  if (!(pauseMs > 0)) return handle.writeFile(data);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const half = Math.floor(bytes.byteLength / 2);
  // writeFile on a handle writes all of it, from the current position.
  await handle.writeFile(bytes.subarray(0, half));
  process.stderr.write(`vpcform-test: paused mid-write of ${target}\n`);
  await new Promise((resolve) => setTimeout(resolve, pauseMs));
  await handle.writeFile(bytes.subarray(half));
}

async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some file systems refuse fsync on directories; the rename is still atomic.
  }
}
