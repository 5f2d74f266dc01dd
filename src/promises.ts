/**
 * Returns `p`, marked as handled: a promise started now and awaited later (or never, if the work
 * stops first on another error) must not end the process as an unhandled rejection meanwhile. Its
 * failure still surfaces where it is awaited.
 */
export function awaitedLater<T>(p: Promise<T>): Promise<T> {
  p.catch(() => {});
  return p;
}
