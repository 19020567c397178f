/**
 * How alike two records are, 0-100, from what a person would compare: the name (word overlap after
 * dropping legal suffixes and punctuation), the email, the phone's last ten digits, the zip.
 */

const NOISE = new Set([
  'inc',
  'incorporated',
  'llc',
  'ltd',
  'limited',
  'co',
  'corp',
  'corporation',
  'company',
  'the',
  'and',
  'of',
  'plc',
  'gmbh',
  'sa',
  'mr',
  'mrs',
  'ms',
  'dr',
]);

export function nameTokens(name: string): string[] {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/&/g, ' and ')
    .split(/[^a-z0-9]+/)
    .filter((t) => t && !NOISE.has(t));
}

export const emailKey = (email: unknown): string | undefined => {
  const text = typeof email === 'string' ? email.trim().toLowerCase() : '';
  return text.includes('@') ? text : undefined;
};

export const phoneKey = (phone: unknown): string | undefined => {
  const digits = String(phone ?? '').replace(/\D/g, '');
  return digits.length >= 7 ? digits.slice(-10) : undefined;
};

export const zipKey = (zip: unknown): string | undefined => {
  const text = String(zip ?? '')
    .trim()
    .toUpperCase()
    .replace(/\s/g, '');
  return text ? text.slice(0, 5) : undefined;
};

export interface MatchSignals {
  name: string[];
  email?: string;
  phone?: string;
  zip?: string;
}

export const WEIGHTS = { name: 45, email: 30, phone: 15, zip: 10 } as const;

export function scorePair(a: MatchSignals, b: MatchSignals): { score: number; reasons: string[] } {
  const reasons: string[] = [];
  let score = 0;
  if (a.name.length > 0 && b.name.length > 0) {
    const setA = new Set(a.name);
    const setB = new Set(b.name);
    const shared = [...setA].filter((t) => setB.has(t)).length;
    const similarity = shared / new Set([...setA, ...setB]).size;
    if (similarity > 0) {
      score += WEIGHTS.name * similarity;
      reasons.push(similarity === 1 ? 'name' : `name ${Math.round(similarity * 100)}%`);
    }
  }
  if (a.email && a.email === b.email) {
    score += WEIGHTS.email;
    reasons.push('email');
  }
  if (a.phone && a.phone === b.phone) {
    score += WEIGHTS.phone;
    reasons.push('phone');
  }
  if (a.zip && a.zip === b.zip) {
    score += WEIGHTS.zip;
    reasons.push('zip');
  }
  return { score: Math.round(score), reasons };
}
