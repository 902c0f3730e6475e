// Something a test file builds once (services, a booking harness) and disposes of when its tests are done.
import { afterAll, beforeAll } from "vitest";

/**
 * Registers beforeAll/afterAll for the calling test file and returns at once an object that reads through to what
 * `build` made, so it can be declared next to the tests (`const services = withTestServices()`). Reading it before
 * beforeAll has run (outside a test or hook) throws, rather than handing out undefined.
 */
export function builtPerFile<T extends { dispose: () => Promise<void> }>(name: string, build: () => T): T {
  let built: T | undefined;
  beforeAll(() => {
    built = build();
  });
  afterAll(async () => {
    await built?.dispose();
    built = undefined;
  });
  return new Proxy({} as T, {
    get(_, key) {
      if (!built) throw new Error(`${name}: .${String(key)} was read outside the tests (it is built in beforeAll)`);
      return built[key as keyof T];
    },
  });
}
