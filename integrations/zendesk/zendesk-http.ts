import type { CallContext, ZendeskResponse } from './request-once.js';

/** The client's transport as its helper modules see it: one call, URLs on the configured base. */
export interface ZendeskHttp {
  call(method: 'GET' | 'PUT', url: string, context: CallContext, body?: object): Promise<ZendeskResponse>;
  /** `${base}/api/v2/${path}.json` with the query. */
  endpoint(path: string, query?: Record<string, string | number>): string;
  /** Next links carry Zendesk's own host; this maps them onto the configured base URL. */
  rebase(link: string): string;
}
