/**
 * The settings of a deployment with Zendesk's API, Twilio and Slack configured, every API
 * URL on loopback port 9 (discard), which is closed: what builds and loads each integration,
 * for tests and benches that must not call any of them (the lazy-loading test, the memory bench).
 */
export const CLOSED_PORT_INTEGRATIONS = {
  ZENDESK_URL: 'http://127.0.0.1:9',
  ZENDESK_EMAIL: 'bot@example.com',
  ZENDESK_API_TOKEN: 'token',
  TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
  TWILIO_AUTH_TOKEN: 'auth-token',
  TWILIO_FROM: '+15005550006',
  TWILIO_API_URL: 'http://127.0.0.1:9',
  SLACK_BOT_TOKEN: 'xoxb-1',
  SLACK_SIGNING_SECRET: 'signing-secret',
  SLACK_API_URL: 'http://127.0.0.1:9/api/',
};
