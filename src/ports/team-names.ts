/** Zendesk group id (as text) -> the team's name, as leads see it in alerts, reports and the dashboard. */
export type TeamNames = Readonly<Record<string, string>>;

/** Where team names come from (Zendesk groups); implemented in integrations/zendesk/list-groups.ts. */
export interface TeamNameSource {
  /** Every group the API token can see, deleted ones included (old tickets still name them). */
  listTeamNames(): Promise<TeamNames>;
}
