import type { ComponentChildren } from 'preact';

/** A message with an optional next step; `tone` picks the colour and the ARIA role. */
export function Notice(props: {
  tone: 'info' | 'success' | 'warning' | 'error';
  title?: string;
  children?: ComponentChildren;
}) {
  return (
    <div class={`notice ${props.tone}`} role={props.tone === 'error' ? 'alert' : 'status'}>
      {props.title && <strong class="notice-title">{props.title}</strong>}
      {props.children}
    </div>
  );
}

/**
 * A panel that could not load, with a button to load it again: the messages say "try again",
 * and a reload of the CRM page would end the session (it lives in memory).
 */
export function LoadFailed(props: { message: string; retryLabel: string; onRetry(): void }) {
  return (
    <Notice tone="error">
      <p>{props.message}</p>
      <button type="button" class="btn" onClick={props.onRetry}>
        {props.retryLabel}
      </button>
    </Notice>
  );
}
