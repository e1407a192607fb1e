// PLACEHOLDER (issue 16): removed once every PostgreSQL repository is built.
/** A repository whose every method fails: the store opens, and only calls into unbuilt parts fail. */
export function notBuiltYet<T>(): T {
  return new Proxy(
    {},
    { get: (_target, name) => () => Promise.reject(new Error(`PostgreSQL: ${String(name)} is not built yet`)) },
  ) as T;
}
