/**
 * Availability Zone IDs (`use1-az1`): the same physical zone in every account, unlike zone names
 * (`us-east-1a`), which AWS maps differently per account. Pure helpers for configuration validation.
 */

/** `use1-az1`, `apne1-az4`, `usgw1-az2`. */
export const ZONE_ID_PATTERN = /^[a-z]{2}[a-z]{0,3}[0-9]+-az[0-9]{1,2}$/;

const DIRECTIONS: Readonly<Record<string, string>> = {
  north: 'n',
  south: 's',
  east: 'e',
  west: 'w',
  central: 'c',
  northeast: 'ne',
  northwest: 'nw',
  southeast: 'se',
  southwest: 'sw',
  gov: 'g',
};

/**
 * The zone-ID prefix of a Region (`us-east-1` → `use1`, `ap-northeast-1` → `apne1`), or undefined
 * for a Region whose naming this does not know (then the prefix is not checked).
 */
export function zoneIdPrefix(region: string): string | undefined {
  const parts = region.split('-');
  const [country, ...rest] = parts;
  const number = rest.pop();
  if (!country || !number || !/^\d+$/.test(number)) return undefined;
  const words = rest.map((word) => DIRECTIONS[word]);
  return words.every(Boolean) ? `${country}${words.join('')}${number}` : undefined;
}
