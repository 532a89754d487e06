// Xero names an organisation's time zone the Windows way (ROMANCESTANDARDTIME); reminders are sent
// in the firm's business hours, so the name is mapped to an IANA zone here, at the edge.
const WINDOWS_TO_IANA: Record<string, string> = {
  DATELINESTANDARDTIME: 'Etc/GMT+12',
  HAWAIIANSTANDARDTIME: 'Pacific/Honolulu',
  ALASKANSTANDARDTIME: 'America/Anchorage',
  PACIFICSTANDARDTIME: 'America/Los_Angeles',
  USMOUNTAINSTANDARDTIME: 'America/Phoenix',
  MOUNTAINSTANDARDTIME: 'America/Denver',
  CENTRALSTANDARDTIME: 'America/Chicago',
  CANADACENTRALSTANDARDTIME: 'America/Regina',
  EASTERNSTANDARDTIME: 'America/New_York',
  USEASTERNSTANDARDTIME: 'America/Indianapolis',
  ATLANTICSTANDARDTIME: 'America/Halifax',
  NEWFOUNDLANDSTANDARDTIME: 'America/St_Johns',
  ESOUTHAMERICASTANDARDTIME: 'America/Sao_Paulo',
  ARGENTINASTANDARDTIME: 'America/Buenos_Aires',
  UTC: 'Etc/UTC',
  GMTSTANDARDTIME: 'Europe/London',
  GREENWICHSTANDARDTIME: 'Atlantic/Reykjavik',
  WEUROPESTANDARDTIME: 'Europe/Berlin',
  CENTRALEUROPESTANDARDTIME: 'Europe/Budapest',
  ROMANCESTANDARDTIME: 'Europe/Paris',
  CENTRALEUROPEANSTANDARDTIME: 'Europe/Warsaw',
  WCENTRALAFRICASTANDARDTIME: 'Africa/Lagos',
  GTBSTANDARDTIME: 'Europe/Bucharest',
  FLESTANDARDTIME: 'Europe/Kiev',
  SOUTHAFRICASTANDARDTIME: 'Africa/Johannesburg',
  ISRAELSTANDARDTIME: 'Asia/Jerusalem',
  RUSSIANSTANDARDTIME: 'Europe/Moscow',
  ARABIANSTANDARDTIME: 'Asia/Dubai',
  INDIASTANDARDTIME: 'Asia/Calcutta',
  SEASIASTANDARDTIME: 'Asia/Bangkok',
  CHINASTANDARDTIME: 'Asia/Shanghai',
  SINGAPORESTANDARDTIME: 'Asia/Singapore',
  TOKYOSTANDARDTIME: 'Asia/Tokyo',
  WAUSTRALIASTANDARDTIME: 'Australia/Perth',
  CENAUSTRALIASTANDARDTIME: 'Australia/Adelaide',
  AUSCENTRALSTANDARDTIME: 'Australia/Darwin',
  EAUSTRALIASTANDARDTIME: 'Australia/Brisbane',
  AUSEASTERNSTANDARDTIME: 'Australia/Sydney',
  TASMANIASTANDARDTIME: 'Australia/Hobart',
  NEWZEALANDSTANDARDTIME: 'Pacific/Auckland',
  FIJISTANDARDTIME: 'Pacific/Fiji',
};

/** A country's usual zone, when Xero's name is unknown. */
const COUNTRY_ZONE: Record<string, string> = {
  AU: 'Australia/Sydney',
  BE: 'Europe/Brussels',
  CA: 'America/Toronto',
  CH: 'Europe/Zurich',
  DE: 'Europe/Berlin',
  ES: 'Europe/Madrid',
  FR: 'Europe/Paris',
  GB: 'Europe/London',
  IE: 'Europe/Dublin',
  IT: 'Europe/Rome',
  LU: 'Europe/Luxembourg',
  NL: 'Europe/Amsterdam',
  NZ: 'Pacific/Auckland',
  SG: 'Asia/Singapore',
  US: 'America/New_York',
  ZA: 'Africa/Johannesburg',
};

/** The IANA zone for Xero's time-zone name; unknown names fall back to the country's zone. */
export function ianaZone(xeroName: string | null | undefined, country: string): string | null {
  const known = xeroName ? WINDOWS_TO_IANA[xeroName.toUpperCase().replace(/[^A-Z]/g, '')] : undefined;
  return known ?? COUNTRY_ZONE[country.toUpperCase()] ?? null;
}
