/** The closed set of domain events; listeners are typed by event name end to end. */
export type DomainEvent =
  | { type: 'ticket.solved'; ticketId: number; status: string; at: Date }
  | { type: 'ticket.reopened'; ticketId: number; status: string; at: Date }
  | { type: 'ticket.closed'; ticketId: number; at: Date }
  | { type: 'ticket.group_changed'; ticketId: number; from: number | null; to: number | null; at: Date }
  | { type: 'effort.computed'; ticketId: number; index: number; level: 'low' | 'medium' | 'high'; at: Date }
  | {
      type: 'survey.answered';
      surveyId: number;
      ticketId: number;
      kind: 'CES' | 'CSAT' | 'NPS';
      score: number | null;
      verbatim: string | null;
      at: Date;
    };

export type DomainEventType = DomainEvent['type'];
export type EventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;
