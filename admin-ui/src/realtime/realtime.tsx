/**
 * The live connection (docs/API.md "Realtime"): one socket.io client per
 * signed-in tab. `ready` arrives after every (re)connect once the server has
 * joined our rooms; listeners re-fetch then, because events sent while we were
 * disconnected are not replayed. The open report is re-subscribed each time.
 * A server-side disconnect means the session ended (back to sign-in) or the
 * api instance is going away (reconnect, to another instance if need be).
 */
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { io, type Socket } from 'socket.io-client';
import { auth } from '../api/endpoints';
import type { NoticeProgress } from '../api/notices';
import type { RealtimeEvents as ReportEvents } from '../api/types';

/** The workspace's events and the notices' `notice.progress`. */
type RealtimeEvents = ReportEvents & { 'notice.progress': NoticeProgress };
type RealtimeName = keyof RealtimeEvents;
type Handler<K extends RealtimeName> = (payload: RealtimeEvents[K]) => void;
type Ack = { ok: boolean; error?: string };

export interface Realtime {
  on<K extends RealtimeName>(event: K, handler: Handler<K>): () => void;
  onReady(handler: () => void): () => void;
  subscribeReport(id: number): Promise<boolean>;
  unsubscribeReport(id: number): void;
}

const EVENTS: RealtimeName[] = ['report.created', 'message.created', 'message.status', 'report.status', 'report.transferred', 'notice.progress'];

function createRealtime(socket: Socket): Realtime & { close(): void } {
  // Payload types are checked at `on`; inside, handlers are stored by name.
  type AnyHandler = (payload: unknown) => void;
  const handlers = new Map<string, Set<AnyHandler>>();
  const ready = new Set<() => void>();
  const subscribed = new Set<number>();
  const emit = (id: number) => socket.timeout(10_000).emitWithAck('subscribe:report', id).then((r: Ack) => r.ok, () => false);
  for (const name of EVENTS) {
    socket.on(name, (payload: unknown) => { for (const h of handlers.get(name) ?? []) h(payload); });
  }
  socket.on('ready', () => {
    for (const id of subscribed) void emit(id);
    for (const h of ready) h();
  });
  return {
    on(event, handler) {
      const set = handlers.get(event) ?? new Set();
      handlers.set(event, set);
      set.add(handler as AnyHandler);
      return () => { set.delete(handler as AnyHandler); };
    },
    onReady(handler) { ready.add(handler); return () => { ready.delete(handler); }; },
    subscribeReport(id) {
      subscribed.add(id);
      return socket.connected ? emit(id) : Promise.resolve(false);
    },
    unsubscribeReport(id) {
      subscribed.delete(id);
      if (socket.connected) socket.emit('unsubscribe:report', id, () => undefined);
    },
    close() { socket.removeAllListeners(); socket.disconnect(); },
  };
}

interface RealtimeState { realtime: Realtime | null; online: boolean }
const Ctx = createContext<RealtimeState>({ realtime: null, online: true });

export function RealtimeProvider({ onSessionEnded, children }: { onSessionEnded: () => void; children: ReactNode }) {
  const [state, setState] = useState<RealtimeState>({ realtime: null, online: true });
  const ended = useRef(onSessionEnded);
  ended.current = onSessionEnded;
  useEffect(() => {
    const socket = io({ transports: ['websocket'] });
    const rt = createRealtime(socket);
    setState({ realtime: rt, online: true });
    const setOnline = (online: boolean) => setState((s) => (s.online === online ? s : { ...s, online }));
    socket.on('ready', () => setOnline(true));
    socket.on('disconnect', (reason: string) => {
      setOnline(false);
      if (reason !== 'io server disconnect') return; // socket.io reconnects by itself
      // The server closed it: our session ended, or this api instance is shutting down (a deploy).
      auth.me().then(
        (user) => { if (user) socket.connect(); else ended.current(); },
        () => socket.connect(), // unreachable for now: socket.io keeps retrying with backoff
      );
    });
    socket.on('connect_error', (err: Error) => {
      if (err.message === 'unauthorized') ended.current();
      else setOnline(false);
    });
    return () => rt.close();
  }, []);
  return <Ctx.Provider value={state}>{children}</Ctx.Provider>;
}

export function useOnline(): boolean { return useContext(Ctx).online; }
export function useRealtime(): Realtime | null { return useContext(Ctx).realtime; }

/** Calls the latest `handler` for `event` (no re-subscribe on every render). */
export function useRealtimeEvent<K extends RealtimeName>(event: K, handler: Handler<K>): void {
  const rt = useRealtime();
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => rt?.on(event, (p) => ref.current(p)), [rt, event]);
}

/** Runs `handler` after every (re)connection once rooms are joined. */
export function useRealtimeReady(handler: () => void): void {
  const rt = useRealtime();
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => rt?.onReady(() => ref.current()), [rt]);
}
