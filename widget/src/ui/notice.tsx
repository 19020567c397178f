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
