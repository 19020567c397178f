import type { ComponentChildren } from 'preact';
import type { MessageKey } from '../platform/i18n.js';
import type { WidgetContext } from '../ui/shell.js';
import { ConnectionSection } from './connection-section.js';

/**
 * The admin's settings sections, in the order the tab shows them. A section is a component that
 * gets the widget context (API client, session, page); add one by writing its component in this
 * folder and listing it here with a translation key for its heading.
 */
export interface SettingsSection {
  id: string;
  title: MessageKey;
  render(ctx: WidgetContext): ComponentChildren;
}

export const SECTIONS: SettingsSection[] = [
  {
    id: 'connection',
    title: 'settings.connection.title',
    render: (ctx) => <ConnectionSection ctx={ctx} />,
  },
];
