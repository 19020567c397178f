import type { ComponentChildren, InputHTMLAttributes } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { plainMessage } from '../platform/api.js';
import { useT } from './i18n.js';

/** Small building blocks the settings sections share. */

export interface Loaded<T> {
  data?: T;
  error?: unknown;
  loading: boolean;
  reload(): void;
}

/** Loads once per `key`, and again on reload(); keeps the previous data while reloading. */
export function useLoad<T>(load: () => Promise<T>, key: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({
    loading: true,
  });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (error: unknown) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
    // `key` lists what the load reads; `load` is a new closure each render.
  }, [...key, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}

/** The backend's problem details, or a plain message for anything else. */
export function problemOf(err: unknown): {
  status?: number;
  title?: string;
  detail: string;
  issues?: Array<{ path: string; message: string }>;
  code?: string;
  [k: string]: unknown;
} {
  if (err && typeof err === 'object') {
    const e = err as Record<string, unknown>;
    // The platform's ApiError keeps the whole problem body (issues, problems, neededBy...).
    const p = (e.problem ?? e) as Record<string, unknown>;
    const detail =
      (typeof p.detail === 'string' && p.detail) ||
      (typeof e.message === 'string' && e.message) ||
      String(err);
    return { ...p, status: (p.status ?? e.status) as number | undefined, detail };
  }
  return { detail: String(err) };
}

/** An error in plain words, with what to do next when the backend said it. */
export function ErrorNote({ error, id }: { error: unknown; id?: string }) {
  if (error === undefined || error === null) return null;
  return (
    <div class="notice error" role="alert" id={id}>
      {plainMessage(error)}
    </div>
  );
}

/** A polite live region: "Saved", "Enabled Accounts too", and the like. */
export function Status({ text, kind = 'ok' }: { text?: string; kind?: 'ok' | 'info' | 'warn' }) {
  return (
    <p class={`st-status st-${kind}`} role="status" aria-live="polite">
      {text ?? ''}
    </p>
  );
}

export function Loading({ what }: { what?: string }) {
  const t = useT();
  return (
    <p class="st-loading" role="status">
      {what ?? t('settings.loading')}
    </p>
  );
}

export function Section({
  id,
  title,
  intro,
  children,
}: {
  id: string;
  title: string;
  intro?: string;
  children: ComponentChildren;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section class="st-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} tabIndex={-1} ref={heading}>
        {title}
      </h2>
      {intro && <p class="st-intro">{intro}</p>}
      {children}
    </section>
  );
}

/** A labelled control; `hint` and `error` are tied to it with aria-describedby. */
export function Field({
  id,
  label,
  hint,
  error,
  hideLabel,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  /** Named for screen readers only (a table column already says it). */
  hideLabel?: boolean;
  children: (props: {
    id: string;
    'aria-describedby'?: string;
    'aria-invalid'?: boolean;
  }) => ComponentChildren;
}) {
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div class={`st-field${error ? ' st-invalid' : ''}${hideLabel ? ' st-label-hidden' : ''}`}>
      <label for={id}>{label}</label>
      {children({
        id,
        ...(described ? { 'aria-describedby': described } : {}),
        ...(error ? { 'aria-invalid': true } : {}),
      })}
      {hint && (
        <span class="st-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span class="st-field-error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </div>
  );
}

/**
 * A Field holding one text input (the settings forms' commonest shape): `onValue` gets what was
 * typed, and the other input attributes (type, autoComplete, size …) pass through.
 */
export function TextField({
  id,
  label,
  hint,
  error,
  value,
  onValue,
  ...input
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  value: string;
  onValue(value: string): void;
  type?: 'url' | 'password' | 'date';
  autoComplete?: string;
  inputMode?: 'numeric' | 'decimal';
  maxLength?: number;
  size?: number;
}) {
  // Preact's input props are a union keyed on `type`; these few attributes fit every member of it.
  const attrs = input as InputHTMLAttributes<HTMLInputElement>;
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      {(p) => (
        <input {...attrs} {...p} value={value} onInput={(e) => onValue(e.currentTarget.value)} />
      )}
    </Field>
  );
}

/** Runs an async action with a busy flag, its error, and a confirmation text on success. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string>();
  const run = useCallback(async <T,>(work: () => Promise<T>, success?: (r: T) => string) => {
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      const r = await work();
      if (success) setDone(success(r));
      return r;
    } catch (err) {
      setError(err);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, done, run, setError, setDone };
}

export const fmtTime = (iso: string | null | undefined): string =>
  iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '—';

export const show = (v: unknown): string =>
  v === null || v === undefined || v === '' ? '—' : typeof v === 'string' ? v : JSON.stringify(v);
