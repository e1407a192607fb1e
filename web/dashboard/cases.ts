import { getJson, filterParams } from './api.js';
import type { Filters } from './filters.js';
import { el } from './format.js';
import { section } from './sections.js';
import { sortableTable } from './sortable-table.js';
import type { CaseRow, Cases } from './types.js';

interface TicketEffort {
  timeline: { events: Array<{ at: string; type: string; channel?: string; from?: unknown; to?: unknown }> };
}

function driverText(c: CaseRow): string {
  const d = c.drivers;
  const parts = [
    d.channelSwitches && `${d.channelSwitches} channel switch${d.channelSwitches > 1 ? 'es' : ''}`,
    d.teamHandoffs && `${d.teamHandoffs} team handoff${d.teamHandoffs > 1 ? 's' : ''}`,
    d.agentHandoffs && `${d.agentHandoffs} agent handoff${d.agentHandoffs > 1 ? 's' : ''}`,
    d.reopens && `${d.reopens} reopen${d.reopens > 1 ? 's' : ''}`,
    d.repeatContact && 'repeat contact',
  ].filter(Boolean);
  return parts.join(', ') || 'none';
}

/** The case in a modal dialog: drivers, reasons, the answer and the timeline, with the link to Zendesk. */
async function openCase(dialog: HTMLDialogElement, c: CaseRow, opener: HTMLElement): Promise<void> {
  const body = el('div', { class: 'case-body' }, el('p', {}, 'Loading the timeline…'));
  const close = el('button', { type: 'button', class: 'close' }, 'Close');
  close.addEventListener('click', () => dialog.close());
  dialog.replaceChildren(
    el('h2', { id: 'case-title' }, `Ticket #${c.ticketId}${c.subject ? `: ${c.subject}` : ''}`),
    el(
      'dl',
      { class: 'case-facts' },
      el('dt', {}, 'Effort index'),
      el('dd', {}, `${c.effortIndex} (${c.effortLevel})`),
      el('dt', {}, 'Team · channel'),
      el('dd', {}, `${c.teamLabel} · ${c.channel}`),
      el('dt', {}, 'Drivers'),
      el('dd', {}, driverText(c)),
      el('dt', {}, 'Answer'),
      el(
        'dd',
        {},
        c.survey?.score != null
          ? `${c.survey.kind} ${c.survey.score}${c.survey.verbatim ? `: “${c.survey.verbatim}”` : ''}`
          : 'none',
      ),
    ),
    c.reasons.length ? el('ul', { class: 'reasons' }, ...c.reasons.map((r) => el('li', {}, r))) : '',
    c.zendeskUrl
      ? el('p', {}, el('a', { href: c.zendeskUrl, target: '_blank', rel: 'noopener' }, 'Open in Zendesk'))
      : '',
    body,
    close,
  );
  dialog.addEventListener('close', () => opener.focus(), { once: true });
  dialog.showModal();
  try {
    const effort = await getJson<TicketEffort>(`tickets/${c.ticketId}/effort`);
    body.replaceChildren(
      el('h3', {}, 'Timeline'),
      el(
        'ol',
        { class: 'timeline' },
        ...effort.timeline.events.map((e) =>
          el(
            'li',
            {},
            `${e.at.slice(0, 16).replace('T', ' ')} ${e.type.replace(/_/g, ' ')}${e.channel ? ` (${e.channel})` : ''}`,
          ),
        ),
      ),
    );
  } catch (error) {
    body.replaceChildren(el('p', { role: 'alert' }, `The timeline could not be read: ${(error as Error).message}`));
  }
}

export function casesSection(cases: Cases, filters: Filters, dialog: HTMLDialogElement): HTMLElement {
  const csv = new URLSearchParams({ ...filterParams(filters), order: cases.order });
  csv.delete('granularity');
  const table = sortableTable(
    'Worst recent cases (highest effort first)',
    [
      {
        label: 'Ticket',
        value: (c) => c.ticketId,
        cell: (c) => {
          const button = el(
            'button',
            { type: 'button', class: 'link', 'data-ticket': String(c.ticketId) },
            `#${c.ticketId}`,
          );
          button.addEventListener('click', () => void openCase(dialog, c, button));
          return button;
        },
        numeric: true,
      },
      { label: 'Solved', value: (c) => c.at, cell: (c) => c.at.slice(0, 10) },
      { label: 'Team', value: (c) => c.teamLabel },
      { label: 'Channel', value: (c) => c.channel },
      { label: 'Index', value: (c) => c.effortIndex, numeric: true },
      { label: 'Drivers', value: (c) => driverText(c) },
      { label: 'Answer', value: (c) => c.survey?.score ?? null, numeric: true },
      { label: 'Verbatim', value: (c) => c.survey?.verbatim ?? '' },
      {
        label: 'Zendesk',
        value: (c) => c.zendeskUrl ?? '',
        cell: (c) => (c.zendeskUrl ? el('a', { href: c.zendeskUrl, target: '_blank', rel: 'noopener' }, 'open') : '–'),
      },
    ],
    cases.cases,
    'cases-table',
  );
  return section(
    'cases',
    'Worst recent cases',
    el(
      'p',
      {},
      el('a', { href: `/api/dashboard/cases.csv?${csv}`, download: '' }, 'Download every case of the period as CSV'),
    ),
    el('div', { class: 'table-box' }, table),
  );
}
