/**
 * How the changes of one run ended, awaitable by address: a create that waits for the delete (or the
 * rename) freeing its name starts only once that change succeeded, and fails without a request when it
 * did not. Changes are queued deletes first, creates last, so whatever a create waits for has already
 * been started when the create is: waiting can never hold up the changes it waits for.
 */
export class Dependencies {
  private readonly results = new Map<string, Promise<boolean>>();
  private readonly resolvers = new Map<string, (ok: boolean) => void>();

  constructor(addresses: Iterable<string>) {
    for (const address of addresses) {
      this.results.set(address, new Promise<boolean>((resolve) => this.resolvers.set(address, resolve)));
    }
  }

  /** Records how `address` ended: true for created, updated, deleted or unchanged. Later calls are ignored. */
  settle(address: string, ok: boolean): void {
    this.resolvers.get(address)?.(ok);
    this.resolvers.delete(address);
  }

  /**
   * Waits until each of `addresses` has ended; resolves with the first that did not succeed (or is not
   * part of the run), else undefined. An abort of any of `signals` ends the wait early with
   * undefined: the caller checks them.
   */
  async firstFailure(addresses: readonly string[], signals: ReadonlyArray<AbortSignal | undefined>): Promise<string | undefined> {
    const live = signals.filter((s): s is AbortSignal => s !== undefined);
    if (live.some((s) => s.aborted)) return undefined;
    let onAbort = (): void => undefined;
    const aborted = new Promise<'aborted'>((resolve) => {
      onAbort = () => resolve('aborted');
      for (const signal of live) signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      for (const address of addresses) {
        const result = this.results.get(address);
        if (result === undefined) return address;
        const ok = await Promise.race([result, aborted]);
        if (ok === 'aborted') return undefined;
        if (!ok) return address;
      }
      return undefined;
    } finally {
      for (const signal of live) signal.removeEventListener('abort', onAbort);
    }
  }
}
