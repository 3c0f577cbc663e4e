/**
 * The few service-worker types the worker uses. The project compiles with the DOM library
 * (app code and tests share one tsconfig), and adding "webworker" beside it clashes, so the
 * worker declares what it needs here.
 */
export interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
export interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  /** The page that made the request ("" for a navigation). */
  readonly clientId: string;
  respondWith(response: Response | Promise<Response>): void;
}
export interface ExtendableMessageEvent extends ExtendableEvent {
  readonly data: unknown;
}
export interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}
export interface WindowClientLike {
  readonly url: string;
  readonly type: string;
}
type Events = {
  install: ExtendableEvent;
  activate: ExtendableEvent;
  fetch: FetchEvent;
  message: ExtendableMessageEvent;
  sync: SyncEvent;
};
export interface ServiceWorkerScope {
  readonly location: Location;
  readonly registration: ServiceWorkerRegistration & {
    sync?: { register(tag: string): Promise<void> };
  };
  readonly clients: {
    claim(): Promise<void>;
    get(id: string): Promise<WindowClientLike | undefined>;
    matchAll(options?: {
      type?: "window" | "all";
      includeUncontrolled?: boolean;
    }): Promise<readonly WindowClientLike[]>;
  };
  skipWaiting(): Promise<void>;
  addEventListener<K extends keyof Events>(type: K, listener: (event: Events[K]) => void): void;
}

/** `self` inside the worker bundle. */
export const worker = globalThis as unknown as ServiceWorkerScope;
