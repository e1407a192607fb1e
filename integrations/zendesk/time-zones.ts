import { isIanaTimeZone } from '../../src/domain/time-zone.js';

/**
 * Zendesk users carry `time_zone` as a Rails (ActiveSupport) name such as "Amsterdam" or
 * "Eastern Time (US & Canada)", and, on current accounts, `iana_time_zone` as well. The
 * IANA name wins; this table only rescues users whose payload lacks it. It holds the
 * common Rails names, not all ~150: an unknown name yields null and the caller falls back
 * to the configured TIMEZONE, which is safer than a guess for quiet hours.
 */
const RAILS_TO_IANA: Readonly<Record<string, string>> = {
  'International Date Line West': 'Etc/GMT+12',
  Hawaii: 'Pacific/Honolulu',
  Alaska: 'America/Juneau',
  'Pacific Time (US & Canada)': 'America/Los_Angeles',
  Arizona: 'America/Phoenix',
  'Mountain Time (US & Canada)': 'America/Denver',
  'Central Time (US & Canada)': 'America/Chicago',
  'Mexico City': 'America/Mexico_City',
  'Eastern Time (US & Canada)': 'America/New_York',
  Bogota: 'America/Bogota',
  'Atlantic Time (Canada)': 'America/Halifax',
  Brasilia: 'America/Sao_Paulo',
  'Buenos Aires': 'America/Argentina/Buenos_Aires',
  UTC: 'Etc/UTC',
  London: 'Europe/London',
  Dublin: 'Europe/Dublin',
  Edinburgh: 'Europe/London',
  Lisbon: 'Europe/Lisbon',
  Amsterdam: 'Europe/Amsterdam',
  Berlin: 'Europe/Berlin',
  Brussels: 'Europe/Brussels',
  Copenhagen: 'Europe/Copenhagen',
  Madrid: 'Europe/Madrid',
  Paris: 'Europe/Paris',
  Rome: 'Europe/Rome',
  Stockholm: 'Europe/Stockholm',
  Vienna: 'Europe/Vienna',
  Warsaw: 'Europe/Warsaw',
  Prague: 'Europe/Prague',
  Zurich: 'Europe/Zurich',
  Athens: 'Europe/Athens',
  Helsinki: 'Europe/Helsinki',
  Istanbul: 'Europe/Istanbul',
  Cairo: 'Africa/Cairo',
  Pretoria: 'Africa/Johannesburg',
  Jerusalem: 'Asia/Jerusalem',
  Moscow: 'Europe/Moscow',
  'Abu Dhabi': 'Asia/Dubai',
  Mumbai: 'Asia/Kolkata',
  'New Delhi': 'Asia/Kolkata',
  Singapore: 'Asia/Singapore',
  'Hong Kong': 'Asia/Hong_Kong',
  Beijing: 'Asia/Shanghai',
  Seoul: 'Asia/Seoul',
  Tokyo: 'Asia/Tokyo',
  Sydney: 'Australia/Sydney',
  Melbourne: 'Australia/Melbourne',
  Auckland: 'Pacific/Auckland',
};

export function resolveUserTimeZone(ianaTimeZone: string | null, railsTimeZone: string | null): string | null {
  if (ianaTimeZone && isIanaTimeZone(ianaTimeZone)) return ianaTimeZone;
  if (!railsTimeZone) return null;
  const mapped = RAILS_TO_IANA[railsTimeZone];
  if (mapped) return mapped;
  // Some accounts already store an IANA name in time_zone.
  return railsTimeZone.includes('/') && isIanaTimeZone(railsTimeZone) ? railsTimeZone : null;
}
